#pragma once
// UUIDs in their text form (8-4-4-4-12 hex digits), as profiles write AAGUIDs.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nk3::profiles {

using Uuid = std::array<std::uint8_t, 16>;

// Case-insensitive; std::nullopt unless the text is exactly 8-4-4-4-12 hex digits.
std::optional<Uuid> parse_uuid(std::string_view text);
// Lower-case 8-4-4-4-12.
std::string format_uuid(const Uuid& uuid);

}  // namespace nk3::profiles
