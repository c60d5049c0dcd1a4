#pragma once
// FidoLink's way onto a real key: fido_dev_open on its hidraw node through the link's own HID
// I/O (HidrawIo), so the observer sees the wire (a time-sweep can anchor its cuts to
// request_sent or a keepalive on a bench as on the simulator) and the link has raw CTAPHID
// access (admin status, the credential listing under one PIN token).

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "rig/link/fido_device_opener.hpp"
#include "rig/link/hidraw_io.hpp"

namespace nk3::rig {

class FidoLink;

// libfido2's timeout for every operation on a real key unless told otherwise.
inline constexpr int kDefaultHidrawTimeoutMs = 30000;

class HidrawDeviceOpener final : public FidoDeviceOpener {
  public:
    // Where the key is now: its hidraw node, or std::nullopt when it is not attached. A key
    // that lost power enumerates again, and may come back under another node (/dev/hidraw3
    // becomes /dev/hidraw4 when another HID device appeared meanwhile).
    using NodeLocator = std::function<std::optional<std::string>()>;

    // `timeout_ms`: libfido2's timeout for every operation (-1: none). `opener`: how the node
    // is opened (default: open_hidraw_node; tests put a socket in its place). `locate`: asked
    // before every open when set (a bench finds its key by its selector); otherwise `path` is
    // opened every time.
    explicit HidrawDeviceOpener(std::string path, int timeout_ms = kDefaultHidrawTimeoutMs,
                                HidrawIo::NodeOpener opener = {}, NodeLocator locate = {});

    std::string describe() const override;
    int open(fido_dev_t* dev) override;
    std::exception_ptr take_error() override { return io_.take_error(); }
    bool set_observer(LinkObserver observer) override;
    const fido_dev_io_t* raw_io() const override { return &HidrawIo::io_functions(); }

    // Why the last open failed ("" when it did not): "cannot open /dev/hidraw3: Permission
    // denied", "... is in use by another process (flock)", "... is not a FIDO device ...".
    std::string open_error() const override {
        return locate_error_.empty() ? io_.open_error() : locate_error_;
    }

  private:
    HidrawIo io_;
    int timeout_ms_;
    NodeLocator locate_;
    std::string locate_error_;  // "" unless the last open found no key
};

// A FidoLink on the key at hidraw node `path` ("/dev/hidraw3"), found again through `locate`
// at every connect when given. Not connected yet.
std::unique_ptr<FidoLink> make_hidraw_fido_link(const std::string& path,
                                                int timeout_ms = kDefaultHidrawTimeoutMs,
                                                HidrawDeviceOpener::NodeLocator locate = {});

}  // namespace nk3::rig
