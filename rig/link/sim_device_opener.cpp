// SimDeviceOpener: fido_dev_set_io_functions + fido_dev_open on a SimHidIo, with LinkTiming's
// open and operation timeouts.
#include "rig/link/sim_device_opener.hpp"

#include "rig/link/fido_link.hpp"

namespace nk3::rig {

SimDeviceOpener::SimDeviceOpener(device::HidEndpoint& endpoint, LinkTiming timing)
    : io_(endpoint, timing) {}

SimDeviceOpener::SimDeviceOpener(std::shared_ptr<device::HidEndpoint> endpoint, LinkTiming timing)
    : keep_alive_(std::move(endpoint)), io_(*keep_alive_, timing) {}

std::string SimDeviceOpener::describe() const {
    return "simulator (" + io_.path() + ")";
}

int SimDeviceOpener::open(fido_dev_t* dev) {
    int r = fido_dev_set_io_functions(dev, &SimHidIo::io_functions());
    if (r != FIDO_OK) return r;
    if ((r = fido_dev_set_timeout(dev, io_.timing().open_timeout_ms)) != FIDO_OK) return r;
    if ((r = fido_dev_open(dev, io_.path().c_str())) != FIDO_OK) return r;
    return fido_dev_set_timeout(dev, io_.timing().operation_timeout_ms);
}

bool SimDeviceOpener::set_observer(LinkObserver observer) {
    io_.set_observer(std::move(observer));
    return true;
}

std::unique_ptr<FidoLink> make_sim_fido_link(device::HidEndpoint& endpoint, LinkTiming timing) {
    return std::make_unique<FidoLink>(std::make_unique<SimDeviceOpener>(endpoint, timing));
}

}  // namespace nk3::rig
