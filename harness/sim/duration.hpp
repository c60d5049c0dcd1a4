#pragma once
// Durations as the `sim serve` command line and control port spell them: "200ms", "2s", "1.5s",
// "500us", or a bare number of milliseconds ("200").

#include <optional>
#include <string>
#include <string_view>

#include "common/sim_time.hpp"

namespace nk3::sim {

// std::nullopt for anything else (negative, empty, unknown unit, absurdly long: over a day).
std::optional<SimTime> parse_duration(std::string_view text);

// "200ms", "2s", "1.5s": the shortest exact spelling parse_duration reads back.
std::string format_duration(SimTime duration);

}  // namespace nk3::sim
