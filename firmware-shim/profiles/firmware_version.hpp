#pragma once
// Firmware version numbers as the NK3 encodes them in a u32 (vendor command 0x61 and getInfo
// firmwareVersion): major << 22 | minor << 6 | patch.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nk3::profiles {

inline constexpr std::uint32_t kMaxFirmwareMajor = (1u << 10) - 1;
inline constexpr std::uint32_t kMaxFirmwareMinor = (1u << 16) - 1;
inline constexpr std::uint32_t kMaxFirmwarePatch = (1u << 6) - 1;

// "MAJOR.MINOR.PATCH" (decimal, each in range) -> the u32; std::nullopt otherwise.
std::optional<std::uint32_t> encode_firmware_version(std::string_view text);
// The u32 back to "MAJOR.MINOR.PATCH".
std::string format_firmware_version(std::uint32_t version);

}  // namespace nk3::profiles
