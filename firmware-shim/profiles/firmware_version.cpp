// Encoding of "MAJOR.MINOR.PATCH" into the NK3's u32 version number and back.

#include "profiles/firmware_version.hpp"

#include <array>
#include <charconv>

namespace nk3::profiles {

std::optional<std::uint32_t> encode_firmware_version(std::string_view text) {
    std::array<std::uint32_t, 3> parts{};
    std::size_t pos = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::size_t dot = i + 1 < parts.size() ? text.find('.', pos) : text.size();
        if (dot == std::string_view::npos) return std::nullopt;
        const std::string_view digits = text.substr(pos, dot - pos);
        if (digits.empty() || digits.size() > 5 ||
            digits.find_first_not_of("0123456789") != std::string_view::npos)
            return std::nullopt;
        std::from_chars(digits.data(), digits.data() + digits.size(), parts[i]);
        pos = dot + 1;
    }
    if (parts[0] > kMaxFirmwareMajor || parts[1] > kMaxFirmwareMinor ||
        parts[2] > kMaxFirmwarePatch)
        return std::nullopt;
    return parts[0] << 22 | parts[1] << 6 | parts[2];
}

std::string format_firmware_version(std::uint32_t version) {
    return std::to_string(version >> 22) + "." + std::to_string((version >> 6) & 0xFFFF) + "." +
           std::to_string(version & 0x3F);
}

}  // namespace nk3::profiles
