// GpiodPowerSwitch: power on = the line asserted.
#include "rig/gpiod/gpiod_power_switch.hpp"

namespace nk3::rig {

GpiodPowerSwitch::GpiodPowerSwitch(const GpioLineSpec& spec)
    : line_(spec, "nk3rig-power", /*initially_active=*/true) {}

std::string GpiodPowerSwitch::describe() const {
    return "gpiod " + line_.describe();
}

void GpiodPowerSwitch::set(bool on) {
    line_.set_active(on);
}

}  // namespace nk3::rig
