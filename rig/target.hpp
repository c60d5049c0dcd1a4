#pragma once
// A target is everything a campaign drives: the switch, the probe, the touch, the CTAP link and,
// on the simulator, its extra powers. `--target sim:PROFILE` builds a simulated NK3 and its
// backends; `--bench BENCH.yaml` builds hardware backends from a bench file (hardware/).
// Parallel trials (--jobs N) need one target each: a TargetFactory makes them.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "rig/link.hpp"
#include "rig/power_switch.hpp"
#include "rig/probe.hpp"
#include "rig/sim_powers.hpp"
#include "rig/touch.hpp"

namespace nk3::rig {

struct Target {
    std::string spec;      // as given: "sim:nk3am-1.3.1", "bench:lab1.yaml"
    std::string profile;   // the device profile's name ("" on a bench: the key's own firmware)
    std::string firmware;  // firmware version if known
    std::unique_ptr<PowerSwitch> power;
    std::unique_ptr<Probe> probe;  // may be null: no analyzer on this bench
    std::unique_ptr<Touch> touch;  // may be null: nobody can press
    std::unique_ptr<Link> link;
    SimPowers* sim = nullptr;  // non-null on the simulator; owned by the target
    std::shared_ptr<void> owned;  // whatever backs the interfaces (the VirtualNk3, ...)

    // How many targets can exist at once (1 for a bench with one key).
    int max_parallel = 1;
};

// Makes a fresh target each call (one per worker thread). Throws yaml::InputError for a bad
// spec or profile (exit 2), RigError when the bench cannot be opened (exit 3).
using TargetFactory = std::function<std::unique_ptr<Target>()>;

// "sim:NAME" or "sim:FILE.yaml": a factory of simulated keys, all built from `seed`.
TargetFactory sim_target_factory(const std::string& spec, std::uint64_t seed);

}  // namespace nk3::rig
