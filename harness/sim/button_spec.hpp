#pragma once
// The simulated touch button as `sim serve --button` and the control command `button` spell it:
//   press-after[:DELAY]   a touch arrives DELAY after the key asks (default 200ms)
//   refuse[:DELAY]        the user declines after DELAY (default 200ms)
//   hold[:TIMEOUT]        nobody touches; the request times out after TIMEOUT (default 30s)
// A space may stand for the colon ("press-after 500ms"), as on the control port.

#include <optional>
#include <string>
#include <string_view>

#include "device/virtual_nk3.hpp"

namespace nk3::sim {

// std::nullopt when `text` is none of the forms above.
std::optional<device::ButtonConfig> parse_button_spec(std::string_view text);

// The spelling parse_button_spec reads back, e.g. "press-after:200ms", "hold:30s".
std::string format_button_spec(const device::ButtonConfig& config);

}  // namespace nk3::sim
