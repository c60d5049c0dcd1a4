#pragma once
// Test helper: the GPIO chips this host offers. Without any (the usual case on a build machine or
// in a container) the backends can only be tested on their error paths; with a gpio-sim or
// gpio-mockup chip they are tested for real.

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace nk3::rig::test {

inline bool host_has_gpiochips() {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/dev", ec))
        if (e.path().filename().string().rfind("gpiochip", 0) == 0) return true;
    return false;
}

// The /dev path of a simulated chip (gpio-sim or gpio-mockup, by its sysfs label), if one exists.
inline std::optional<std::string> simulated_gpiochip() {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/sys/bus/gpio/devices", ec)) {
        std::ifstream label_file(e.path() / "label");
        std::string label;
        std::getline(label_file, label);
        const std::string name = e.path().filename().string();
        if ((label.find("gpio-sim") != std::string::npos ||
             label.find("gpio-mockup") != std::string::npos) &&
            name.rfind("gpiochip", 0) == 0)
            return "/dev/" + name;
    }
    return std::nullopt;
}

inline constexpr const char* kNoSimChip =
    "no gpio-sim or gpio-mockup chip on this host (needs `modprobe gpio-sim` with configfs, or "
    "`modprobe gpio-mockup gpio_mockup_ranges=-1,8`, as root on a kernel that has them)";

}  // namespace nk3::rig::test
