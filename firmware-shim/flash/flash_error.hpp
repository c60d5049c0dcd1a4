#pragma once
// The two ways a flash operation can fail: the caller asked for something the chip cannot do
// (FlashError), or the power went (PowerLoss). PowerLoss unwinds the simulated firmware's whole
// call stack, as a real brown-out stops the CPU; whoever runs the firmware catches it and
// "reboots" by discarding every RAM structure and mounting again from flash.

#include <stdexcept>
#include <string>

namespace nk3::flash {

class FlashError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class PowerLoss : public std::exception {
  public:
    const char* what() const noexcept override { return "power lost"; }
};

}  // namespace nk3::flash
