#include "ctaphid/packet.hpp"

#include <algorithm>
#include <stdexcept>

namespace nk3::ctaphid {

namespace {

void put_cid(Report& report, std::uint32_t cid) {
    report[0] = static_cast<std::uint8_t>(cid >> 24);
    report[1] = static_cast<std::uint8_t>(cid >> 16);
    report[2] = static_cast<std::uint8_t>(cid >> 8);
    report[3] = static_cast<std::uint8_t>(cid);
}

}  // namespace

std::uint32_t packet_cid(const Report& report) {
    return (std::uint32_t{report[0]} << 24) | (std::uint32_t{report[1]} << 16) |
           (std::uint32_t{report[2]} << 8) | std::uint32_t{report[3]};
}

bool is_init_packet(const Report& report) {
    return (report[4] & kInitBit) != 0;
}

InitPacket decode_init(const Report& report) {
    InitPacket packet;
    packet.cid = packet_cid(report);
    packet.cmd = static_cast<std::uint8_t>(report[4] & ~kInitBit);
    packet.bcnt = static_cast<std::uint16_t>((report[5] << 8) | report[6]);
    packet.data = std::span<const std::uint8_t>(report).subspan(kInitHeaderSize);
    return packet;
}

ContPacket decode_cont(const Report& report) {
    ContPacket packet;
    packet.cid = packet_cid(report);
    packet.seq = report[4];
    packet.data = std::span<const std::uint8_t>(report).subspan(kContHeaderSize);
    return packet;
}

Report encode_init(std::uint32_t cid, std::uint8_t cmd, std::uint16_t bcnt,
                   std::span<const std::uint8_t> data) {
    if (cmd > 0x7F) throw std::invalid_argument("ctaphid: command code above 0x7f");
    if (data.size() > kInitDataSize) throw std::invalid_argument("ctaphid: init data too long");
    Report report{};
    put_cid(report, cid);
    report[4] = static_cast<std::uint8_t>(cmd | kInitBit);
    report[5] = static_cast<std::uint8_t>(bcnt >> 8);
    report[6] = static_cast<std::uint8_t>(bcnt);
    std::copy(data.begin(), data.end(), report.begin() + kInitHeaderSize);
    return report;
}

Report encode_cont(std::uint32_t cid, std::uint8_t seq, std::span<const std::uint8_t> data) {
    if (seq > kMaxSeq) throw std::invalid_argument("ctaphid: sequence number above 127");
    if (data.size() > kContDataSize) {
        throw std::invalid_argument("ctaphid: continuation data too long");
    }
    Report report{};
    put_cid(report, cid);
    report[4] = seq;
    std::copy(data.begin(), data.end(), report.begin() + kContHeaderSize);
    return report;
}

std::size_t packet_count(std::size_t size) {
    if (size <= kInitDataSize) return 1;
    return 1 + (size - kInitDataSize + kContDataSize - 1) / kContDataSize;
}

std::vector<Report> fragment(std::uint32_t cid, std::uint8_t cmd,
                             std::span<const std::uint8_t> payload) {
    if (payload.size() > kMaxMessageSize) {
        throw std::length_error("ctaphid: message longer than 7609 bytes");
    }
    std::vector<Report> reports;
    reports.reserve(packet_count(payload.size()));
    const std::size_t first = std::min(payload.size(), kInitDataSize);
    reports.push_back(
        encode_init(cid, cmd, static_cast<std::uint16_t>(payload.size()), payload.first(first)));
    std::size_t offset = first;
    std::uint8_t seq = 0;
    while (offset < payload.size()) {
        const std::size_t chunk = std::min(payload.size() - offset, kContDataSize);
        reports.push_back(encode_cont(cid, seq, payload.subspan(offset, chunk)));
        offset += chunk;
        ++seq;
    }
    return reports;
}

}  // namespace nk3::ctaphid
