#pragma once
// Which GPIO line a bench means: a chip (path, name, label or number), the line's offset on it,
// and whether "active" is the low level.

#include <string>

namespace nk3::rig {

struct GpioLineSpec {
    std::string chip;       // "gpiochip0", "/dev/gpiochip0", a chip label, or a chip number
    unsigned int line = 0;  // offset on the chip
    bool active_low = false;
};

}  // namespace nk3::rig
