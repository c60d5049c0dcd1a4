#pragma once
// FidoLink's way onto a real key: fido_dev_open on its hidraw node through the link's own HID
// I/O (HidrawIo), so the observer sees the wire (a time-sweep can anchor its cuts to
// request_sent or a keepalive on a bench as on the simulator) and the link has raw CTAPHID
// access (admin status, the credential listing under one PIN token).

#include <memory>
#include <string>

#include "rig/link/fido_device_opener.hpp"
#include "rig/link/hidraw_io.hpp"

namespace nk3::rig {

class FidoLink;

class HidrawDeviceOpener final : public FidoDeviceOpener {
  public:
    // `timeout_ms`: libfido2's timeout for every operation (-1: none). `opener`: how the node
    // is opened (default: open_hidraw_node; tests put a socket in its place).
    explicit HidrawDeviceOpener(std::string path, int timeout_ms = 30000,
                                HidrawIo::NodeOpener opener = {});

    std::string describe() const override;
    int open(fido_dev_t* dev) override;
    std::exception_ptr take_error() override { return io_.take_error(); }
    bool set_observer(LinkObserver observer) override;
    const fido_dev_io_t* raw_io() const override { return &HidrawIo::io_functions(); }

    // Why the last open failed ("" when it did not): "cannot open /dev/hidraw3: Permission
    // denied", "... is in use by another process (flock)", "... is not a FIDO device ...".
    std::string open_error() const override { return io_.open_error(); }

  private:
    HidrawIo io_;
    int timeout_ms_;
};

// A FidoLink on the key at hidraw node `path` ("/dev/hidraw3"). Not connected yet.
std::unique_ptr<FidoLink> make_hidraw_fido_link(const std::string& path, int timeout_ms = 30000);

}  // namespace nk3::rig
