#pragma once
// Simulated time: every flash operation and every simulated delay advances one clock,
// so a trial's timeline is a pure function of its inputs.

#include <chrono>
#include <cstdint>

namespace nk3::flash {

using SimTime = std::chrono::nanoseconds;

}  // namespace nk3::flash
