#pragma once
// Switches a key's supply: a GPIO line driving a VBUS switch, a USB hub's port power, or the
// simulator's power rail. The engine only says on and off; how long power stays off is its
// business (it waits, then switches on).

#include <string>

namespace nk3::rig {

class PowerSwitch {
  public:
    virtual ~PowerSwitch() = default;

    // One line for logs and reports: "gpiod /dev/gpiochip0 line 17 (active high)".
    virtual std::string describe() const = 0;
    // Throws RigError when the switch cannot act.
    virtual void set(bool on) = 0;
};

}  // namespace nk3::rig
