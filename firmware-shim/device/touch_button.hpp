#pragma once
// The simulated touch button: given when the firmware started asking for a touch, when and how
// the question is settled (ButtonConfig in virtual_nk3.hpp describes the modes).

#include "common/sim_time.hpp"
#include "device/virtual_nk3.hpp"
#include "fido/authenticator.hpp"

namespace nk3::device {

struct TouchDecision {
    SimTime at{0};                                      // when it is settled
    fido::Presence presence = fido::Presence::granted;  // granted, denied or timed_out
};

// press_after: granted at asked + delay; refuse: denied at asked + delay; hold: timed out at
// asked + timeout. A delay at or beyond the timeout times out instead.
TouchDecision decide_touch(const ButtonConfig& button, SimTime asked_at);

}  // namespace nk3::device
