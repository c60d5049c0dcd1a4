// HidrawDeviceOpener: fido_dev_open on a hidraw node with the link's HidrawIo.
#include "rig/link/hidraw_device_opener.hpp"

#include "rig/link/fido_link.hpp"

namespace nk3::rig {

HidrawDeviceOpener::HidrawDeviceOpener(std::string path, int timeout_ms,
                                       HidrawIo::NodeOpener opener, NodeLocator locate)
    : io_(std::move(path), std::move(opener)),
      timeout_ms_(timeout_ms),
      locate_(std::move(locate)) {}

std::string HidrawDeviceOpener::describe() const {
    return "hidraw " + io_.node();
}

int HidrawDeviceOpener::open(fido_dev_t* dev) {
    locate_error_.clear();
    if (locate_) {
        const std::optional<std::string> node = locate_();
        if (!node) {
            locate_error_ = "the key is not attached (last seen as " + io_.node() + ")";
            return FIDO_ERR_RX;
        }
        io_.set_node(*node);
    }
    if (const int r = fido_dev_set_io_functions(dev, &HidrawIo::io_functions()); r != FIDO_OK)
        return r;
    if (const int r = fido_dev_set_timeout(dev, timeout_ms_); r != FIDO_OK) return r;
    return fido_dev_open(dev, io_.path().c_str());
}

bool HidrawDeviceOpener::set_observer(LinkObserver observer) {
    io_.set_observer(std::move(observer));
    return true;
}

std::unique_ptr<FidoLink> make_hidraw_fido_link(const std::string& path, int timeout_ms,
                                                HidrawDeviceOpener::NodeLocator locate) {
    return std::make_unique<FidoLink>(std::make_unique<HidrawDeviceOpener>(
        path, timeout_ms, HidrawIo::NodeOpener{}, std::move(locate)));
}

}  // namespace nk3::rig
