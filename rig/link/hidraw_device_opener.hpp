#pragma once
// FidoLink's way onto a real key: fido_dev_open on its hidraw node with libfido2's own HID
// I/O. Limitations (libfido2 1.12 does not export its HID functions, fido_hid_*): no wire
// events for the observer (a time-sweep anchored to request_sent or a keepalive cannot run on
// this link yet), and no raw CTAPHID access, so admin_status() answers
// FIDO_ERR_UNSUPPORTED_OPTION. Both need an own hidraw fido_dev_io_t (open/poll/read/write on
// the node), which the simulator's SimHidIo shows the shape of.

#include <memory>
#include <string>

#include "rig/link/fido_device_opener.hpp"

namespace nk3::rig {

class FidoLink;

class HidrawDeviceOpener final : public FidoDeviceOpener {
  public:
    // `timeout_ms`: libfido2's timeout for every operation (-1: none).
    explicit HidrawDeviceOpener(std::string path, int timeout_ms = 30000);

    std::string describe() const override { return "hidraw " + path_; }
    int open(fido_dev_t* dev) override;
    bool set_observer(LinkObserver observer) override;

  private:
    std::string path_;
    int timeout_ms_;
};

// A FidoLink on the key at hidraw node `path` ("/dev/hidraw3"). Not connected yet.
std::unique_ptr<FidoLink> make_hidraw_fido_link(const std::string& path, int timeout_ms = 30000);

}  // namespace nk3::rig
