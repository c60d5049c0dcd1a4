// sim_target_factory: "sim:PROFILE" -> a factory of Targets, each on its own VirtualNk3 with
// the simulator's switch, probe, touch, libfido2 link and SimPowers.
#include <algorithm>
#include <thread>

#include "profiles/profile_loader.hpp"
#include "rig/link/fido_link.hpp"
#include "rig/link/sim_device_opener.hpp"
#include "rig/sim/sim_key_powers.hpp"
#include "rig/sim/sim_power_switch.hpp"
#include "rig/sim/sim_probe.hpp"
#include "rig/sim/sim_touch.hpp"
#include "rig/target.hpp"
#include "yaml/input_error.hpp"

namespace nk3::rig {

namespace {

constexpr std::string_view kPrefix = "sim:";

// What a Target's interfaces stand on. The components hold the key too (shared), so the
// order in which Target's members are destroyed does not matter.
struct SimBacking {
    std::shared_ptr<device::VirtualNk3> key;
    SimKeyPowers powers;
};

}  // namespace

TargetFactory sim_target_factory(const std::string& spec, std::uint64_t seed) {
    if (spec.substr(0, kPrefix.size()) != kPrefix || spec.size() == kPrefix.size())
        throw yaml::InputError("--target", 0, 0, "",
                               "expected sim:PROFILE or sim:FILE.yaml, got \"" + spec + "\"");
    // Parsed once, here: a bad profile is an error before any worker starts.
    auto profile = std::make_shared<const profiles::DeviceProfile>(profiles::load_profile(spec));
    const int parallel = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return [spec, seed, profile, parallel]() {
        auto key = std::make_shared<device::VirtualNk3>(*profile, seed);
        auto backing = std::make_shared<SimBacking>(SimBacking{key, SimKeyPowers(key)});
        auto target = std::make_unique<Target>();
        target->spec = spec;
        target->profile = profile->name;
        target->firmware = profile->firmware;
        target->power = std::make_unique<SimPowerSwitch>(key);
        target->probe = std::make_unique<SimProbe>(key);
        target->touch = std::make_unique<SimTouch>(key);
        target->link = std::make_unique<FidoLink>(std::make_unique<SimDeviceOpener>(key));
        target->sim = &backing->powers;
        target->owned = backing;
        target->max_parallel = parallel;
        return target;
    };
}

}  // namespace nk3::rig
