#pragma once
// Error codes of the CTAPHID_ERROR response (CTAP 2.1, 11.2.9.1.6), and the one CTAP2 status the
// transport contract names (a cancelled request completes with it).

#include <cstdint>

namespace nk3::ctaphid {

namespace err {
inline constexpr std::uint8_t kInvalidCmd = 0x01;
inline constexpr std::uint8_t kInvalidPar = 0x02;
inline constexpr std::uint8_t kInvalidLen = 0x03;
inline constexpr std::uint8_t kInvalidSeq = 0x04;
inline constexpr std::uint8_t kMsgTimeout = 0x05;
inline constexpr std::uint8_t kChannelBusy = 0x06;
inline constexpr std::uint8_t kLockRequired = 0x0A;  // defined by the spec; no command needs it
inline constexpr std::uint8_t kInvalidChannel = 0x0B;
inline constexpr std::uint8_t kOther = 0x7F;
}  // namespace err

// CTAP2 status byte an application answers a cancelled CBOR request with.
inline constexpr std::uint8_t kCtap2ErrKeepaliveCancel = 0x2D;

}  // namespace nk3::ctaphid
