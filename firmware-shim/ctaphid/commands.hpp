#pragma once
// CTAPHID command codes (CTAP 2.1, 11.2.9), capability flags of the INIT response and the status
// bytes of KEEPALIVE. Command codes are given without bit 7; on the wire an initialization
// packet carries `code | 0x80`.

#include <cstdint>

namespace nk3::ctaphid {

namespace cmd {
inline constexpr std::uint8_t kPing = 0x01;
inline constexpr std::uint8_t kMsg = 0x03;
inline constexpr std::uint8_t kLock = 0x04;
inline constexpr std::uint8_t kInit = 0x06;
inline constexpr std::uint8_t kWink = 0x08;
inline constexpr std::uint8_t kCbor = 0x10;
inline constexpr std::uint8_t kCancel = 0x11;
inline constexpr std::uint8_t kKeepalive = 0x3B;
inline constexpr std::uint8_t kError = 0x3F;
inline constexpr std::uint8_t kVendorFirst = 0x40;
inline constexpr std::uint8_t kVendorLast = 0x7F;

constexpr bool is_vendor(std::uint8_t code) {
    return code >= kVendorFirst && code <= kVendorLast;
}
}  // namespace cmd

namespace capability {
inline constexpr std::uint8_t kWink = 0x01;  // implements WINK
inline constexpr std::uint8_t kCbor = 0x04;  // implements CBOR
inline constexpr std::uint8_t kNmsg = 0x08;  // does NOT implement MSG
}  // namespace capability

namespace keepalive {
inline constexpr std::uint8_t kProcessing = 0x01;
inline constexpr std::uint8_t kUpNeeded = 0x02;
}  // namespace keepalive

// CTAPHID protocol version reported by INIT.
inline constexpr std::uint8_t kProtocolVersion = 2;

}  // namespace nk3::ctaphid
