// HidrawDeviceOpener: fido_dev_open on a hidraw node with the link's HidrawIo.
#include "rig/link/hidraw_device_opener.hpp"

#include "rig/link/fido_link.hpp"

namespace nk3::rig {

HidrawDeviceOpener::HidrawDeviceOpener(std::string path, int timeout_ms,
                                       HidrawIo::NodeOpener opener)
    : io_(std::move(path), std::move(opener)), timeout_ms_(timeout_ms) {}

std::string HidrawDeviceOpener::describe() const {
    return "hidraw " + io_.node();
}

int HidrawDeviceOpener::open(fido_dev_t* dev) {
    if (const int r = fido_dev_set_io_functions(dev, &HidrawIo::io_functions()); r != FIDO_OK)
        return r;
    if (const int r = fido_dev_set_timeout(dev, timeout_ms_); r != FIDO_OK) return r;
    return fido_dev_open(dev, io_.path().c_str());
}

bool HidrawDeviceOpener::set_observer(LinkObserver observer) {
    io_.set_observer(std::move(observer));
    return true;
}

std::unique_ptr<FidoLink> make_hidraw_fido_link(const std::string& path, int timeout_ms) {
    return std::make_unique<FidoLink>(std::make_unique<HidrawDeviceOpener>(path, timeout_ms));
}

}  // namespace nk3::rig
