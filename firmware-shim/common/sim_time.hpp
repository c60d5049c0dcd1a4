#pragma once
// The simulator's clock. Nothing in the simulated NK3 reads a wall clock: every flash operation
// and every simulated delay advances one clock, and every entry point that cares about time is
// handed the current simulated time, so a trial's timeline is a pure function of its inputs.

#include <chrono>

namespace nk3 {

using SimTime = std::chrono::nanoseconds;

}  // namespace nk3
