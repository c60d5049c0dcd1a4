#pragma once
// The simulated key's supply switch: power_off / power_on of a VirtualNk3 (on boots the key).

#include <memory>
#include <string>

#include "device/virtual_nk3.hpp"
#include "rig/power_switch.hpp"

namespace nk3::rig {

class SimPowerSwitch final : public PowerSwitch {
  public:
    explicit SimPowerSwitch(std::shared_ptr<device::VirtualNk3> key);
    std::string describe() const override;
    void set(bool on) override;

  private:
    std::shared_ptr<device::VirtualNk3> key_;
};

}  // namespace nk3::rig
