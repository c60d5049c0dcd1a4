// The CTAPHID vendor-command exchange: INIT, request, reassembled answer.
#include "rig/link/ctaphid_vendor_exchange.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "ctaphid/commands.hpp"
#include "ctaphid/packet.hpp"

namespace nk3::rig {

namespace {

constexpr int kMaxReadsPerAnswer = 1024;  // keepalives and foreign reports included

bool write_report(const fido_dev_io_t& io, void* handle, const ctaphid::Report& report) {
    std::array<unsigned char, ctaphid::kReportSize + 1> out{};  // report id 0, then the packet
    std::memcpy(out.data() + 1, report.data(), report.size());
    return io.write(handle, out.data(), out.size()) == static_cast<int>(out.size());
}

bool read_report(const fido_dev_io_t& io, void* handle, ctaphid::Report& report, int ms) {
    return io.read(handle, report.data(), report.size(), ms) == static_cast<int>(report.size());
}

VendorReply fail(int status, std::string text) {
    return VendorReply{status, std::move(text), {}};
}

// Reads the answer to `cmd` on `cid`: its data, or why there is none.
VendorReply receive(const fido_dev_io_t& io, void* handle, std::uint32_t cid, std::uint8_t cmd,
                    int ms) {
    ctaphid::Report report{};
    for (int n = 0; n < kMaxReadsPerAnswer; ++n) {
        if (!read_report(io, handle, report, ms))
            return fail(FIDO_ERR_RX, "no answer to CTAPHID command 0x" + std::to_string(cmd));
        if (ctaphid::packet_cid(report) != cid || !ctaphid::is_init_packet(report)) continue;
        const ctaphid::InitPacket init = ctaphid::decode_init(report);
        if (init.cmd == ctaphid::cmd::kKeepalive) continue;
        if (init.cmd == ctaphid::cmd::kError) {
            const int code = init.bcnt > 0 ? init.data[0] : FIDO_ERR_RX;
            return fail(code, "CTAPHID ERROR " + std::to_string(code) + " to command 0x" +
                                  std::to_string(cmd));
        }
        if (init.cmd != cmd) continue;
        VendorReply reply;
        const std::size_t first = std::min<std::size_t>(init.bcnt, init.data.size());
        reply.payload.assign(init.data.begin(), init.data.begin() + first);
        for (std::uint8_t seq = 0; reply.payload.size() < init.bcnt;) {
            if (!read_report(io, handle, report, ms)) return fail(FIDO_ERR_RX, "answer cut short");
            if (ctaphid::packet_cid(report) != cid || ctaphid::is_init_packet(report)) continue;
            const ctaphid::ContPacket cont = ctaphid::decode_cont(report);
            if (cont.seq != seq++) return fail(FIDO_ERR_RX, "answer out of sequence");
            const std::size_t take =
                std::min<std::size_t>(init.bcnt - reply.payload.size(), cont.data.size());
            reply.payload.insert(reply.payload.end(), cont.data.begin(), cont.data.begin() + take);
        }
        return reply;
    }
    return fail(FIDO_ERR_RX, "no answer among the reports read");
}

}  // namespace

VendorReply ctaphid_vendor_command(const fido_dev_io_t& io, void* handle, std::uint8_t cmd,
                                   std::span<const std::uint8_t> payload, int timeout_ms) {
    if (handle == nullptr) return fail(FIDO_ERR_INVALID_ARGUMENT, "device is not open");
    // INIT on the broadcast channel; the nonce tells our answer from anyone else's.
    static constexpr std::array<std::uint8_t, 8> kNonce = {'n', 'k', '3', 'r', 'i', 'g', 0x72, 0};
    if (!write_report(io, handle,
                      ctaphid::encode_init(ctaphid::kBroadcastCid, ctaphid::cmd::kInit,
                                           kNonce.size(), kNonce)))
        return fail(FIDO_ERR_TX, "could not write CTAPHID INIT");
    std::uint32_t cid = 0;
    for (;;) {
        VendorReply init =
            receive(io, handle, ctaphid::kBroadcastCid, ctaphid::cmd::kInit, timeout_ms);
        if (init.status != FIDO_OK) return init;
        if (init.payload.size() >= 12 &&
            std::equal(kNonce.begin(), kNonce.end(), init.payload.begin())) {
            cid = (std::uint32_t{init.payload[8]} << 24) | (std::uint32_t{init.payload[9]} << 16) |
                  (std::uint32_t{init.payload[10]} << 8) | init.payload[11];
            break;
        }
    }
    for (const ctaphid::Report& report : ctaphid::fragment(cid, cmd, payload)) {
        if (!write_report(io, handle, report))
            return fail(FIDO_ERR_TX, "could not write CTAPHID command 0x" + std::to_string(cmd));
    }
    return receive(io, handle, cid, cmd, timeout_ms);
}

}  // namespace nk3::rig
