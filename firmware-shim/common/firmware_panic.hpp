#pragma once
// A Rust panic in the simulated NK3 firmware: a failed unwrap()/expect(), a slice index out of
// range, an explicit panic!(). On the real key the panic handler lights the LED red and loops
// forever: the key answers nothing until its next power-up, which boots from the flash as the
// panic left it.
//
// Code that models firmware throws FirmwarePanic at exactly the point where the firmware would
// panic, after every flash operation that precedes it there. Whoever runs the firmware (the
// device's boot) catches it and halts the key. Unlike flash::PowerLoss it is an ordinary
// std::runtime_error; what() is the reason ("journal replay: slice 16..4112 of a 4096 B page").

#include <stdexcept>
#include <string>

namespace nk3 {

class FirmwarePanic : public std::runtime_error {
  public:
    explicit FirmwarePanic(const std::string& reason) : std::runtime_error(reason) {}
};

namespace storage {
using FirmwarePanic = nk3::FirmwarePanic;
}

}  // namespace nk3
