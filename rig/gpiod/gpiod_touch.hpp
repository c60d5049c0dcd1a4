#pragma once
// Touch on a GPIO line that shorts the key's touch pad through a transistor (hardware/README.md).
// press_after: once armed by a request (request_sent(), called by the bench target's link as a
// request that may need a touch starts), the pad is pressed `delay` later for `press` long;
// request_done() cancels a press not yet made.
// hold: no press at all (the key's own timeout answers). refuse: impossible with a GPIO pulse
// (a real key has no "refuse" button); set_policy throws RigError.

#include <chrono>
#include <memory>
#include <string>

#include "rig/gpiod/gpio_output_line.hpp"
#include "rig/gpiod/touch_pulser.hpp"
#include "rig/touch.hpp"

namespace nk3::rig {

class GpiodTouch final : public Touch {
  public:
    // Throws RigError naming the chip/line and the likely fix.
    GpiodTouch(const GpioLineSpec& spec, std::chrono::milliseconds press);

    std::string describe() const override;
    void set_policy(const TouchPolicy& policy) override;
    // A request that may wait for a touch went out: schedule the press (press_after only).
    void request_sent();
    // The request ended: no press for it any more.
    void request_done();

  private:
    std::unique_ptr<GpioOutputLine> line_;
    std::chrono::milliseconds press_;
    TouchPolicy policy_;
    TouchPulser pulser_;
};

}  // namespace nk3::rig
