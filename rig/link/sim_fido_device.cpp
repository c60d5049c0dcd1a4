// SimFidoDevice: fido_dev_new + fido_dev_set_io_functions + fido_dev_open on a SimHidIo.
#include "rig/link/sim_fido_device.hpp"

#include <exception>

#include "rig/link/fido_error.hpp"

namespace nk3::rig {

namespace {

// libfido2 initialises itself once per process; FIDO_DEBUG in the environment turns on its
// debug log (fido_init reads it).
void init_libfido2() {
    static const bool done = [] {
        fido_init(0);
        return true;
    }();
    (void)done;
}

}  // namespace

SimFidoDevice::SimFidoDevice(device::HidEndpoint& endpoint, LinkTiming timing)
    : io_(endpoint, timing) {
    init_libfido2();
    open();
}

SimFidoDevice::~SimFidoDevice() {
    close();
}

void SimFidoDevice::open() {
    // A fido_dev_t keeps the channel id and the getInfo flags of its last open; a fresh one per
    // open starts from the broadcast channel, as a new hidraw device would.
    dev_ = make_dev();
    check(fido_dev_set_io_functions(dev_.get(), &SimHidIo::io_functions()),
          "fido_dev_set_io_functions");
    check(fido_dev_set_timeout(dev_.get(), io_.timing().open_timeout_ms), "fido_dev_set_timeout");
    check(fido_dev_open(dev_.get(), io_.path().c_str()), "fido_dev_open");
    open_ = true;
    check(fido_dev_set_timeout(dev_.get(), io_.timing().operation_timeout_ms),
          "fido_dev_set_timeout");
}

void SimFidoDevice::close() {
    if (open_) {
        fido_dev_close(dev_.get());
        open_ = false;
    }
}

void SimFidoDevice::reopen() {
    close();
    open();
}

void SimFidoDevice::check(int code, std::string_view what) {
    if (std::exception_ptr error = io_.take_error()) std::rethrow_exception(error);
    check_fido(code, what);
}

}  // namespace nk3::rig
