#pragma once
// A logic analyzer as a bench file names it, in sigrok-cli's form: "DRIVER[:KEY=VALUE]...", e.g.
// "fx2lafw", "fx2lafw:conn=1.5", "demo". The options are libsigrok scan options (conn,
// serialcomm, ...); parsing only here, the probe hands them to the driver's scan.

#include <string>
#include <utility>
#include <vector>

namespace nk3::rig::sigrok {

struct DriverSpec {
    std::string driver;
    std::vector<std::pair<std::string, std::string>> options;
};

// Throws std::invalid_argument with the expected form when `text` is malformed.
DriverSpec parse_driver_spec(const std::string& text);

}  // namespace nk3::rig::sigrok
