#pragma once
// CTAPHID packets (CTAP 2.1, 11.2.4): every report is 64 bytes and is either an initialization
// packet (CID, CMD with bit 7 set, BCNT big-endian, 57 data bytes) or a continuation packet
// (CID, SEQ 0..127 with bit 7 clear, 59 data bytes). A message is one initialization packet
// followed by as many continuation packets as BCNT needs, so it carries at most
// 57 + 128 * 59 = 7609 bytes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace nk3::ctaphid {

inline constexpr std::size_t kReportSize = 64;
using Report = std::array<std::uint8_t, kReportSize>;

inline constexpr std::size_t kInitHeaderSize = 7;
inline constexpr std::size_t kContHeaderSize = 5;
inline constexpr std::size_t kInitDataSize = kReportSize - kInitHeaderSize;  // 57
inline constexpr std::size_t kContDataSize = kReportSize - kContHeaderSize;  // 59
inline constexpr std::uint8_t kMaxSeq = 0x7F;
inline constexpr std::size_t kMaxMessageSize = kInitDataSize + (kMaxSeq + 1) * kContDataSize;

inline constexpr std::uint32_t kBroadcastCid = 0xFFFFFFFF;
inline constexpr std::uint8_t kInitBit = 0x80;

// Header fields of an initialization packet. `cmd` is the command code without bit 7; `data`
// views the report's 57 data bytes (only the first min(bcnt, 57) belong to the message) and is
// valid as long as the report it was decoded from.
struct InitPacket {
    std::uint32_t cid = 0;
    std::uint8_t cmd = 0;
    std::uint16_t bcnt = 0;
    std::span<const std::uint8_t> data;
};

// Header fields of a continuation packet; `data` views the report's 59 data bytes.
struct ContPacket {
    std::uint32_t cid = 0;
    std::uint8_t seq = 0;
    std::span<const std::uint8_t> data;
};

std::uint32_t packet_cid(const Report& report);
bool is_init_packet(const Report& report);     // bit 7 of byte 4
InitPacket decode_init(const Report& report);  // any report; reads the init layout
ContPacket decode_cont(const Report& report);  // any report; reads the continuation layout

// Builders; unused bytes are zero. Throw std::invalid_argument when cmd > 0x7F, seq > 127 or
// data does not fit the packet.
Report encode_init(std::uint32_t cid, std::uint8_t cmd, std::uint16_t bcnt,
                   std::span<const std::uint8_t> data);
Report encode_cont(std::uint32_t cid, std::uint8_t seq, std::span<const std::uint8_t> data);

// Number of reports a message of `size` bytes takes (1 for an empty message).
std::size_t packet_count(std::size_t size);

// Splits a whole message into reports: one initialization packet, then continuation packets
// with SEQ 0, 1, ...; the tail of the last report is zero. Throws std::invalid_argument when
// cmd > 0x7F and std::length_error when payload exceeds kMaxMessageSize.
std::vector<Report> fragment(std::uint32_t cid, std::uint8_t cmd,
                             std::span<const std::uint8_t> payload);

}  // namespace nk3::ctaphid
