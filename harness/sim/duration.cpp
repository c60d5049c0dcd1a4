// Parsing and printing the durations of `sim serve` options and control commands.

#include "harness/sim/duration.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace nk3::sim {

std::optional<SimTime> parse_duration(std::string_view text) {
    // Split the number from its unit.
    std::size_t i = 0;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'))
        ++i;
    const std::string_view number = text.substr(0, i);
    const std::string_view unit = text.substr(i);
    if (number.empty() || number.front() == '.' || number.back() == '.') return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc{} || end != number.data() + number.size() || !std::isfinite(value))
        return std::nullopt;
    double ns_per_unit = 0;
    if (unit.empty() || unit == "ms")
        ns_per_unit = 1e6;
    else if (unit == "s")
        ns_per_unit = 1e9;
    else if (unit == "us")
        ns_per_unit = 1e3;
    else if (unit == "ns")
        ns_per_unit = 1;
    else
        return std::nullopt;
    const double ns = value * ns_per_unit;
    if (ns < 0 || ns > 86400e9) return std::nullopt;
    return SimTime(static_cast<SimTime::rep>(std::llround(ns)));
}

std::string format_duration(SimTime duration) {
    const auto ns = duration.count();
    char buf[48];
    if (ns % 1'000'000'000 == 0 && ns != 0)
        std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(ns / 1'000'000'000));
    else if (ns % 1'000'000 == 0)
        std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(ns / 1'000'000));
    else if (ns % 1'000 == 0)
        std::snprintf(buf, sizeof buf, "%lldus", static_cast<long long>(ns / 1'000));
    else
        std::snprintf(buf, sizeof buf, "%lldns", static_cast<long long>(ns));
    return buf;
}

}  // namespace nk3::sim
