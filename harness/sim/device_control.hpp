#pragma once
// Carries out the control port's commands on the simulated key and describes the key as JSON:
// the part of `sim serve` that knows the device, not the sockets. Every answer is one JSON
// object with "ok"; a successful one also holds the whole status (see docs/sim-serve.md).

#include <nlohmann/json.hpp>
#include <string_view>

#include "device/virtual_nk3.hpp"
#include "harness/sim/control_command.hpp"
#include "harness/sim/serve_counters.hpp"
#include "harness/sim/state_dir.hpp"

namespace nk3::sim {

class DeviceControl {
  public:
    // `state` may be null (no --state); `counters` are the server's, read for `status`.
    DeviceControl(device::VirtualNk3& key, const device::ButtonConfig& button, StateDir* state,
                  ServeCounters& counters);

    // Parses and runs one datagram's text; never throws.
    nlohmann::json handle(std::string_view text);
    nlohmann::json execute(const ControlCommand& command);
    nlohmann::json status() const;

    // Saves the state directory when flash changed; failures are counted, not thrown.
    void save_state_if_changed();

  private:
    device::VirtualNk3& key_;
    device::ButtonConfig button_;
    StateDir* state_;
    ServeCounters& counters_;
};

// One JSON line (no newline inside, invalid UTF-8 replaced) for a datagram.
std::string to_line(const nlohmann::json& answer);

}  // namespace nk3::sim
