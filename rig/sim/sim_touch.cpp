// SimTouch: rig::TouchPolicy onto the VirtualNk3's ButtonConfig.
#include "rig/sim/sim_touch.hpp"

namespace nk3::rig {

SimTouch::SimTouch(std::shared_ptr<device::VirtualNk3> key) : key_(std::move(key)) {}

std::string SimTouch::describe() const {
    return "simulated touch button of " + key_->profile().name;
}

void SimTouch::set_policy(const TouchPolicy& policy) {
    device::ButtonConfig config = key_->button();
    switch (policy.mode) {
        case TouchPolicy::Mode::press_after:
            config.mode = device::ButtonConfig::Mode::press_after;
            break;
        case TouchPolicy::Mode::refuse:
            config.mode = device::ButtonConfig::Mode::refuse;
            break;
        case TouchPolicy::Mode::hold:
            config.mode = device::ButtonConfig::Mode::hold;
            break;
    }
    config.delay = policy.delay;
    key_->set_button(config);
}

}  // namespace nk3::rig
