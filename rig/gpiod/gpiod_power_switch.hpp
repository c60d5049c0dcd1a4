#pragma once
// PowerSwitch on a GPIO line driving a VBUS load switch (hardware/README.md has the wiring):
// the line asserted = the key powered. Opening the switch asserts the line, so that taking the
// bench does not by itself cut the key's power.

#include <string>

#include "rig/gpiod/gpio_output_line.hpp"
#include "rig/power_switch.hpp"

namespace nk3::rig {

class GpiodPowerSwitch final : public PowerSwitch {
  public:
    // Throws RigError naming the chip/line and the likely fix.
    explicit GpiodPowerSwitch(const GpioLineSpec& spec);

    std::string describe() const override;
    void set(bool on) override;

  private:
    GpioOutputLine line_;
};

}  // namespace nk3::rig
