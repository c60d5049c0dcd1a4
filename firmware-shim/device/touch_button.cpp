// When and how the simulated button settles a request for user presence.

#include "device/touch_button.hpp"

namespace nk3::device {

TouchDecision decide_touch(const ButtonConfig& button, SimTime asked_at) {
    const SimTime timeout = button.timeout < SimTime{0} ? SimTime{0} : button.timeout;
    const SimTime delay = button.delay < SimTime{0} ? SimTime{0} : button.delay;
    const TouchDecision timed_out{asked_at + timeout, fido::Presence::timed_out};
    switch (button.mode) {
        case ButtonConfig::Mode::press_after:
            if (delay >= timeout) return timed_out;
            return {asked_at + delay, fido::Presence::granted};
        case ButtonConfig::Mode::refuse:
            if (delay >= timeout) return timed_out;
            return {asked_at + delay, fido::Presence::denied};
        case ButtonConfig::Mode::hold:
            return timed_out;
    }
    return timed_out;
}

}  // namespace nk3::device
