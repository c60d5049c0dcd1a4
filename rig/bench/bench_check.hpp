#pragma once
// `nk3rig bench check`: proves a bench can do what a campaign needs. Open the switch, the probe
// and the touch; power the key and find it; switch it off and see it leave the host (and VBUS
// fall on the probe); wait power_off; switch on (and see VBUS rise); see the key enumerate again
// within the timeout. Every step is reported as it ends, ok or FAILED with the reason; steps
// that cannot run after a failure are reported as skipped.
//
// The hardware is reached through BenchCheckEnv, so the procedure itself is tested with fakes;
// bench_check_env(bench) gives the real one.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rig/bench/bench.hpp"
#include "rig/bench/fido_devices.hpp"
#include "rig/power_switch.hpp"
#include "rig/probe.hpp"
#include "rig/touch.hpp"

namespace nk3::rig::bench {

struct CheckStep {
    enum class Status : unsigned char { ok, failed, skipped, note };
    std::string name;
    Status status = Status::ok;
    std::string detail;
};

struct BenchCheckEnv {
    std::function<std::unique_ptr<PowerSwitch>()> open_power;
    std::function<std::vector<std::string>(const PowerSwitch&)> power_warnings;
    std::function<std::unique_ptr<Probe>()> open_probe;  // null: the bench has no probe
    std::function<std::unique_ptr<Touch>()> open_touch;  // null: the bench has no touch
    std::function<std::optional<FidoDeviceInfo>()> find_key;
    std::function<void(std::chrono::milliseconds)> sleep;
};

BenchCheckEnv bench_check_env(const Bench& bench);

// Runs every step, calling `report` as each ends. True when every step was ok.
bool run_bench_check(const Bench& bench, const BenchCheckEnv& env,
                     const std::function<void(const CheckStep&)>& report);

}  // namespace nk3::rig::bench
