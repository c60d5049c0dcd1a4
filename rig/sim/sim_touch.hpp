#pragma once
// The simulated key's touch button (VirtualNk3::set_button) behind rig::Touch: press after a
// delay, refuse after a delay, or hold (nobody touches; the request times out or is
// cancelled). The button's own timeout stays the key's.

#include <memory>
#include <string>

#include "device/virtual_nk3.hpp"
#include "rig/touch.hpp"

namespace nk3::rig {

class SimTouch final : public Touch {
  public:
    explicit SimTouch(std::shared_ptr<device::VirtualNk3> key);
    std::string describe() const override;
    void set_policy(const TouchPolicy& policy) override;

  private:
    std::shared_ptr<device::VirtualNk3> key_;
};

}  // namespace nk3::rig
