// SimProbe: the VirtualNk3's power edges as a rig::Probe capture.
#include "rig/sim/sim_probe.hpp"

#include <utility>

namespace nk3::rig {

SimProbe::SimProbe(std::shared_ptr<device::VirtualNk3> key) : key_(std::move(key)) {
    key_->set_power_listener([this](bool on, SimTime at) {
        if (!capturing_) return;
        capture_.edges.push_back(ProbeEdge{(at - start_).count(), kChannel, on});
    });
}

SimProbe::~SimProbe() {
    key_->set_power_listener({});
}

std::string SimProbe::describe() const {
    return "simulated probe on the supply rail of " + key_->profile().name;
}

void SimProbe::start() {
    capture_ = {};
    start_ = key_->now();
    capturing_ = true;
}

ProbeCapture SimProbe::stop() {
    capturing_ = false;
    return std::exchange(capture_, {});
}

}  // namespace nk3::rig
