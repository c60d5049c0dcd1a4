#pragma once
// One GPIO line held as an output through libgpiod 1.6 (the character device /dev/gpiochipN),
// with "active" meaning the electrically asserted level (active-high or active-low). Shared by
// the GPIO power switch and the GPIO touch pulse. Opening says precisely what is wrong when it
// fails: no such chip (and which chips exist), no such line, line busy (and who holds it), no
// permission (and the udev rule that grants it).

#include <string>

#include "rig/gpiod/gpio_line_spec.hpp"

struct gpiod_chip;
struct gpiod_line;

namespace nk3::rig {

class GpioOutputLine {
  public:
    // Requests the line as output, initially asserted when `initially_active`. Throws RigError.
    GpioOutputLine(const GpioLineSpec& spec, const std::string& consumer, bool initially_active);
    ~GpioOutputLine();
    GpioOutputLine(const GpioOutputLine&) = delete;
    GpioOutputLine& operator=(const GpioOutputLine&) = delete;

    // Drives the line to its active (asserted) or inactive level. Throws RigError.
    void set_active(bool active);
    // "gpiochip0 line 17 (active high)"
    std::string describe() const;

  private:
    GpioLineSpec spec_;
    std::string chip_name_;
    gpiod_chip* chip_ = nullptr;
    gpiod_line* line_ = nullptr;
};

// The hint every permission error carries.
inline constexpr const char* kGpioPermissionHint =
    "install hardware/99-nk3rig.rules (sudo cp hardware/99-nk3rig.rules /etc/udev/rules.d/ && "
    "sudo udevadm control --reload && sudo udevadm trigger) and join the group it names";

}  // namespace nk3::rig
