#pragma once
// A libfido2 device (fido_dev_t) opened on a simulated key: the link between libfido2's client
// code and a HidEndpoint (the virtual NK3, or a test double). Owns the fido_dev_t and its
// SimHidIo; closes and frees them on destruction.
//
// Opening fails with FidoError (FIDO_ERR_RX) within LinkTiming::open_timeout_ms of simulated
// time when the key answers nothing (off, halted). After the key lost power its channel is
// gone: reopen() opens a new one, as a host does when the key enumerates again.

#include <fido.h>

#include <string_view>

#include "device/hid_endpoint.hpp"
#include "rig/link/fido_handles.hpp"
#include "rig/link/link_timing.hpp"
#include "rig/link/sim_hid_io.hpp"

namespace nk3::rig {

class SimFidoDevice {
  public:
    // Opens the device; throws FidoError when libfido2 cannot.
    explicit SimFidoDevice(device::HidEndpoint& endpoint, LinkTiming timing = {});
    ~SimFidoDevice();
    SimFidoDevice(const SimFidoDevice&) = delete;
    SimFidoDevice& operator=(const SimFidoDevice&) = delete;

    fido_dev_t* get() { return dev_.get(); }
    SimHidIo& io() { return io_; }
    bool is_open() const { return open_; }

    void close();
    // Closes (if open) and opens again: a fresh CTAPHID channel, getInfo read again.
    void reopen();

    // Throws the exception an endpoint call raised during the last libfido2 call, if any; then
    // FidoError unless `code` is FIDO_OK. For wrapping libfido2 calls made on get().
    void check(int code, std::string_view what);

  private:
    void open();

    SimHidIo io_;
    FidoDevPtr dev_;
    bool open_ = false;
};

}  // namespace nk3::rig
