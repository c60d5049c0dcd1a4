// GpiodTouch: a GpioOutputLine pressed by a TouchPulser.
#include "rig/gpiod/gpiod_touch.hpp"

#include "rig/rig_error.hpp"

namespace nk3::rig {

GpiodTouch::GpiodTouch(const GpioLineSpec& spec, std::chrono::milliseconds press)
    : line_(std::make_unique<GpioOutputLine>(spec, "nk3rig-touch", /*initially_active=*/false)),
      press_(press),
      pulser_([line = line_.get()](bool on) { line->set_active(on); }, press) {}

std::string GpiodTouch::describe() const {
    return "gpiod touch " + line_->describe() + ", " + std::to_string(press_.count()) + " ms press";
}

void GpiodTouch::set_policy(const TouchPolicy& policy) {
    if (policy.mode == TouchPolicy::Mode::refuse)
        throw RigError("a GPIO touch cannot refuse (" + describe() +
                       "): a real key has no refuse button; use hold to let the request time "
                       "out, or run this scenario on the simulator");
    policy_ = policy;
    if (policy.mode == TouchPolicy::Mode::hold) pulser_.disarm();
}

void GpiodTouch::request_sent() {
    if (policy_.mode == TouchPolicy::Mode::press_after) pulser_.arm(policy_.delay);
}

void GpiodTouch::request_done() {
    pulser_.disarm();
}

}  // namespace nk3::rig
