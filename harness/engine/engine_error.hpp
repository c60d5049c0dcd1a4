#pragma once
// Errors of the campaign engine itself, by what the user should do about them:
//   PlanRefused      the scenario asks for something the target cannot do (a flash-sweep on a
//                    bench without simulator powers): bad input, exit status 2;
//   DeterminismError two runs of the same trial disagreed (a worker's dry run differs from the
//                    plan's): a bug in the rig, exit status 3.

#include <stdexcept>

namespace nk3::engine {

class PlanRefused : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class DeterminismError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace nk3::engine
