#pragma once
// The NK3's CTAPHID vendor commands (admin-app) and the admin status answer, as the simulated
// key implements them (README.md, "Vendor commands").

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "device/virtual_nk3.hpp"
#include "storage/board_boot.hpp"

namespace nk3::device {

namespace vendor {
inline constexpr std::uint8_t kUpdate = 0x51;   // reboot to the bootloader (not simulated)
inline constexpr std::uint8_t kReboot = 0x53;   // answer, then reboot (no flash loss)
inline constexpr std::uint8_t kVersion = 0x61;  // firmware version, u32 big-endian
inline constexpr std::uint8_t kUuid = 0x62;     // 16 bytes
inline constexpr std::uint8_t kAdmin = 0x72;    // first payload byte: the sub-command

namespace admin {
inline constexpr std::uint8_t kStatus = 0x80;  // AdminStatus: 4 bytes before v1.4.0, then 5
}
}  // namespace vendor

// Init flags of the admin status: storage::init_flag (storage/board_boot.hpp; 0x01 is the NFC
// *error* flag).
namespace init_flag = storage::init_flag;

// The status's length: Nitrokey/nitrokey-3-firmware components/apps/src/lib.rs AdminStatus is
// [u8; 4] @v1.3.1 and [u8; 5] (the variant added) @v1.4.0.
inline constexpr std::size_t kAdminStatusSizeV13 = 4;
inline constexpr std::size_t kAdminStatusSize = 5;

// init flags, free internal blocks (u8), free external blocks (u16 BE)[, variant when
// status.has_variant].
std::vector<std::uint8_t> encode_admin_status(const AdminStatus& status);
// 4 bytes (has_variant false, variant 0) or 5; std::nullopt for any other length.
std::optional<AdminStatus> decode_admin_status(std::span<const std::uint8_t> bytes);

}  // namespace nk3::device
