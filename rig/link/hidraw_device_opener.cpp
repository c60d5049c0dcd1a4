// HidrawDeviceOpener: fido_dev_open on a hidraw node with libfido2's default I/O.
#include "rig/link/hidraw_device_opener.hpp"

#include "rig/link/fido_link.hpp"

namespace nk3::rig {

HidrawDeviceOpener::HidrawDeviceOpener(std::string path, int timeout_ms)
    : path_(std::move(path)), timeout_ms_(timeout_ms) {}

int HidrawDeviceOpener::open(fido_dev_t* dev) {
    const int r = fido_dev_set_timeout(dev, timeout_ms_);
    if (r != FIDO_OK) return r;
    return fido_dev_open(dev, path_.c_str());
}

bool HidrawDeviceOpener::set_observer(LinkObserver /*observer*/) {
    return false;  // libfido2's own HID I/O cannot be watched (see the header)
}

std::unique_ptr<FidoLink> make_hidraw_fido_link(const std::string& path, int timeout_ms) {
    return std::make_unique<FidoLink>(std::make_unique<HidrawDeviceOpener>(path, timeout_ms));
}

}  // namespace nk3::rig
