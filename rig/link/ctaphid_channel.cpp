// A CTAPHID channel on raw reports: INIT, requests, reassembled answers.
#include "rig/link/ctaphid_channel.hpp"

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

HidReply fail(int status, std::string text) {
    return HidReply{status, std::move(text), {}};
}

std::string hex(std::uint8_t cmd) {
    static constexpr char kDigits[] = "0123456789abcdef";
    return std::string("0x") + kDigits[cmd >> 4] + kDigits[cmd & 0x0F];
}

}  // namespace

HidReply CtaphidChannel::receive(std::uint32_t cid, std::uint8_t cmd) {
    ctaphid::Report report{};
    for (int n = 0; n < kMaxReadsPerAnswer; ++n) {
        if (!read_report(*io_, handle_, report, timeout_ms_))
            return fail(FIDO_ERR_RX, "no answer to CTAPHID command " + hex(cmd));
        if (ctaphid::packet_cid(report) != cid || !ctaphid::is_init_packet(report)) continue;
        const ctaphid::InitPacket init = ctaphid::decode_init(report);
        if (init.cmd == ctaphid::cmd::kKeepalive) continue;
        if (init.cmd == ctaphid::cmd::kError) {
            const int code = init.bcnt > 0 ? init.data[0] : FIDO_ERR_RX;
            return fail(code, "CTAPHID ERROR " + std::to_string(code) + " to command " + hex(cmd));
        }
        if (init.cmd != cmd) continue;
        HidReply reply;
        const std::size_t first = std::min<std::size_t>(init.bcnt, init.data.size());
        reply.payload.assign(init.data.begin(), init.data.begin() + first);
        for (std::uint8_t seq = 0; reply.payload.size() < init.bcnt;) {
            if (!read_report(*io_, handle_, report, timeout_ms_))
                return fail(FIDO_ERR_RX, "answer to " + hex(cmd) + " cut short");
            if (ctaphid::packet_cid(report) != cid || ctaphid::is_init_packet(report)) continue;
            const ctaphid::ContPacket cont = ctaphid::decode_cont(report);
            if (cont.seq != seq++)
                return fail(FIDO_ERR_RX, "answer to " + hex(cmd) + " out of sequence");
            const std::size_t take =
                std::min<std::size_t>(init.bcnt - reply.payload.size(), cont.data.size());
            reply.payload.insert(reply.payload.end(), cont.data.begin(), cont.data.begin() + take);
        }
        return reply;
    }
    return fail(FIDO_ERR_RX, "no answer to " + hex(cmd) + " among the reports read");
}

HidReply CtaphidChannel::open() {
    if (handle_ == nullptr) return fail(FIDO_ERR_INVALID_ARGUMENT, "device is not open");
    // INIT on the broadcast channel; the nonce tells our answer from anyone else's.
    static constexpr std::array<std::uint8_t, 8> kNonce = {'n', 'k', '3', 'r', 'i', 'g', 0x72, 0};
    if (!write_report(*io_, handle_,
                      ctaphid::encode_init(ctaphid::kBroadcastCid, ctaphid::cmd::kInit,
                                           kNonce.size(), kNonce)))
        return fail(FIDO_ERR_TX, "could not write CTAPHID INIT");
    for (;;) {
        HidReply init = receive(ctaphid::kBroadcastCid, ctaphid::cmd::kInit);
        if (!init.ok()) return init;
        if (init.payload.size() >= 12 &&
            std::equal(kNonce.begin(), kNonce.end(), init.payload.begin())) {
            cid_ = (std::uint32_t{init.payload[8]} << 24) | (std::uint32_t{init.payload[9]} << 16) |
                   (std::uint32_t{init.payload[10]} << 8) | init.payload[11];
            if (cid_ == 0 || cid_ == ctaphid::kBroadcastCid) {
                cid_ = 0;
                return fail(FIDO_ERR_RX, "CTAPHID INIT allocated a reserved channel id");
            }
            return init;
        }
    }
}

HidReply CtaphidChannel::transact(std::uint8_t cmd, std::span<const std::uint8_t> payload) {
    if (cid_ == 0) return fail(FIDO_ERR_INVALID_ARGUMENT, "CTAPHID channel is not open");
    for (const ctaphid::Report& report : ctaphid::fragment(cid_, cmd, payload)) {
        if (!write_report(*io_, handle_, report))
            return fail(FIDO_ERR_TX, "could not write CTAPHID command " + hex(cmd));
    }
    return receive(cid_, cmd);
}

HidReply ctaphid_vendor_command(const fido_dev_io_t& io, void* handle, std::uint8_t cmd,
                                std::span<const std::uint8_t> payload, int timeout_ms) {
    CtaphidChannel channel(io, handle, timeout_ms);
    if (HidReply init = channel.open(); !init.ok()) return init;
    return channel.transact(cmd, payload);
}

}  // namespace nk3::rig
