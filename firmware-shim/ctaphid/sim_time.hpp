#pragma once
// The simulator's clock. The transport never reads a wall clock: every entry point takes the
// current simulated time, so runs are deterministic and time can be stepped in tests.

#include <chrono>

namespace nk3::ctaphid {

using SimTime = std::chrono::nanoseconds;

}  // namespace nk3::ctaphid
