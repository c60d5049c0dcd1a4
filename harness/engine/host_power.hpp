#pragma once
// What the host side of a trial asks of the bench besides CTAP: a power cycle (a scenario's
// power_cycle step, and before a reset, which the key accepts only within 10 s of power-up)
// and a wait. On the simulator both pass simulated time; on a bench, real time.

#include "common/sim_time.hpp"

namespace nk3::engine {

class HostPower {
  public:
    virtual ~HostPower() = default;
    // Off for `off_time`, on, and connected again. False when the key did not answer.
    virtual bool cycle(SimTime off_time) = 0;
    virtual void wait(SimTime time) = 0;
};

}  // namespace nk3::engine
