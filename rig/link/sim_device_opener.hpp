#pragma once
// FidoLink's way onto a simulated key: libfido2 on a HidEndpoint through SimHidIo, with the
// simulated-time timeouts of LinkTiming, wire events (SimHidIo::set_observer) and raw CTAPHID
// access for the NK3 vendor commands.

#include <memory>
#include <string>

#include "device/hid_endpoint.hpp"
#include "rig/link/fido_device_opener.hpp"
#include "rig/link/link_timing.hpp"
#include "rig/link/sim_hid_io.hpp"

namespace nk3::rig {

class FidoLink;

class SimDeviceOpener final : public FidoDeviceOpener {
  public:
    explicit SimDeviceOpener(device::HidEndpoint& endpoint, LinkTiming timing = {});
    // Shares ownership of the endpoint, which then lives at least as long as the opener.
    explicit SimDeviceOpener(std::shared_ptr<device::HidEndpoint> endpoint, LinkTiming timing = {});

    std::string describe() const override;
    int open(fido_dev_t* dev) override;
    std::exception_ptr take_error() override { return io_.take_error(); }
    bool set_observer(LinkObserver observer) override;
    const fido_dev_io_t* raw_io() const override { return &SimHidIo::io_functions(); }

    SimHidIo& io() { return io_; }

  private:
    std::shared_ptr<device::HidEndpoint> keep_alive_;  // before io_: outlives it
    SimHidIo io_;
};

// A FidoLink on a simulated key (the endpoint must outlive it). Not connected yet.
std::unique_ptr<FidoLink> make_sim_fido_link(device::HidEndpoint& endpoint, LinkTiming timing = {});

}  // namespace nk3::rig
