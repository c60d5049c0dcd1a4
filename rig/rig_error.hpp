#pragma once
// The error of a bench that cannot do what it was asked: a GPIO chip, hub, logic analyzer or key
// that is missing or refuses. The campaign ends with exit status 3 ("the rig itself could not
// run"); the message says what was looked for and where.

#include <stdexcept>
#include <string>

namespace nk3::rig {

class RigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace nk3::rig
