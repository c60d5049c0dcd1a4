// SimPowerSwitch: the VirtualNk3's power rail behind rig::PowerSwitch.
#include "rig/sim/sim_power_switch.hpp"

namespace nk3::rig {

SimPowerSwitch::SimPowerSwitch(std::shared_ptr<device::VirtualNk3> key) : key_(std::move(key)) {}

std::string SimPowerSwitch::describe() const {
    return "simulated power rail of " + key_->profile().name;
}

void SimPowerSwitch::set(bool on) {
    if (on)
        key_->power_on();
    else
        key_->power_off();
}

}  // namespace nk3::rig
