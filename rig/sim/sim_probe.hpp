#pragma once
// A logic analyzer on the simulated key's supply rail: every edge the rail makes between start()
// and stop() (the switch, a cut at a flash operation or an instant), timestamped in simulated
// nanoseconds from start(), on channel "vbus". Listens through VirtualNk3::set_power_listener
// (one listener per key: one probe per key).

#include <memory>
#include <string>

#include "device/virtual_nk3.hpp"
#include "rig/probe.hpp"

namespace nk3::rig {

class SimProbe final : public Probe {
  public:
    explicit SimProbe(std::shared_ptr<device::VirtualNk3> key);
    ~SimProbe() override;
    SimProbe(const SimProbe&) = delete;
    SimProbe& operator=(const SimProbe&) = delete;

    std::string describe() const override;
    void start() override;
    ProbeCapture stop() override;

    static constexpr const char* kChannel = "vbus";

  private:
    std::shared_ptr<device::VirtualNk3> key_;
    bool capturing_ = false;
    SimTime start_{0};
    ProbeCapture capture_;
};

}  // namespace nk3::rig
