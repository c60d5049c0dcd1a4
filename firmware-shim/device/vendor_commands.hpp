#pragma once
// The NK3's CTAPHID vendor commands (admin-app) and the admin status answer, as the simulated
// key implements them (README.md, "Vendor commands").

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "device/virtual_nk3.hpp"

namespace nk3::device {

namespace vendor {
inline constexpr std::uint8_t kUpdate = 0x51;   // reboot to the bootloader (not simulated)
inline constexpr std::uint8_t kReboot = 0x53;   // answer, then reboot (no flash loss)
inline constexpr std::uint8_t kVersion = 0x61;  // firmware version, u32 big-endian
inline constexpr std::uint8_t kUuid = 0x62;     // 16 bytes
inline constexpr std::uint8_t kAdmin = 0x72;    // first payload byte: the sub-command

namespace admin {
inline constexpr std::uint8_t kStatus = 0x80;  // 5-byte AdminStatus
}
}  // namespace vendor

// Init flags of the admin status (NK3-FACTS.md).
namespace init_flag {
inline constexpr std::uint8_t kNfcPowered = 0x01;
inline constexpr std::uint8_t kInternalFlashError = 0x02;
inline constexpr std::uint8_t kExternalFlashError = 0x04;
inline constexpr std::uint8_t kMigrationError = 0x08;
inline constexpr std::uint8_t kSe050Error = 0x10;
inline constexpr std::uint8_t kConfigError = 0x20;
inline constexpr std::uint8_t kRngError = 0x40;
inline constexpr std::uint8_t kExternalFlashNeedsReformat = 0x80;
}  // namespace init_flag

inline constexpr std::size_t kAdminStatusSize = 5;

// init flags, free internal blocks (u8), free external blocks (u16 BE), variant.
std::array<std::uint8_t, kAdminStatusSize> encode_admin_status(const AdminStatus& status);
// std::nullopt unless exactly 5 bytes.
std::optional<AdminStatus> decode_admin_status(std::span<const std::uint8_t> bytes);

}  // namespace nk3::device
