// Parsing and printing the simulated touch button's behaviour.

#include "harness/sim/button_spec.hpp"

#include <chrono>

#include "harness/sim/duration.hpp"

namespace nk3::sim {

std::optional<device::ButtonConfig> parse_button_spec(std::string_view text) {
    using Mode = device::ButtonConfig::Mode;
    std::string_view mode = text;
    std::optional<std::string_view> arg;
    if (const auto sep = text.find_first_of(": "); sep != std::string_view::npos) {
        mode = text.substr(0, sep);
        arg = text.substr(sep + 1);
    }
    device::ButtonConfig config;
    SimTime* timed = nullptr;
    if (mode == "press-after") {
        config.mode = Mode::press_after;
        timed = &config.delay;
    } else if (mode == "refuse") {
        config.mode = Mode::refuse;
        timed = &config.delay;
    } else if (mode == "hold") {
        config.mode = Mode::hold;
        timed = &config.timeout;
    } else {
        return std::nullopt;
    }
    if (arg) {
        const auto d = parse_duration(*arg);
        if (!d) return std::nullopt;
        *timed = *d;
    }
    return config;
}

std::string format_button_spec(const device::ButtonConfig& config) {
    using Mode = device::ButtonConfig::Mode;
    switch (config.mode) {
        case Mode::press_after:
            return "press-after:" + format_duration(config.delay);
        case Mode::refuse:
            return "refuse:" + format_duration(config.delay);
        case Mode::hold:
            return "hold:" + format_duration(config.timeout);
    }
    return "?";
}

}  // namespace nk3::sim
