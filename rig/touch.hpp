#pragma once
// The key's touch button: the simulator's button, a GPIO pulse on a modified key, or nothing
// (a firmware built without the touch requirement, or a human).

#include <chrono>
#include <string>

#include "common/sim_time.hpp"

namespace nk3::rig {

struct TouchPolicy {
    enum class Mode : unsigned char { press_after, refuse, hold };
    Mode mode = Mode::press_after;
    SimTime delay = std::chrono::milliseconds(200);
};

class Touch {
  public:
    virtual ~Touch() = default;
    virtual std::string describe() const = 0;
    // What happens to the next request that waits for a touch. Throws RigError when the
    // backend cannot do it (a GPIO pulse cannot refuse).
    virtual void set_policy(const TouchPolicy& policy) = 0;
};

}  // namespace nk3::rig
