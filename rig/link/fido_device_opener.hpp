#pragma once
// How FidoLink reaches a key: opening a fresh fido_dev_t on it (HidrawIo for a real key, SimHidIo
// for the simulator), the wire events it can report, and raw CTAPHID access
// for the vendor commands libfido2 has no API for. One implementation per transport; FidoLink
// itself is the same for all.

#include <fido.h>

#include <exception>
#include <string>

#include "rig/link.hpp"

namespace nk3::rig {

class FidoDeviceOpener {
  public:
    virtual ~FidoDeviceOpener() = default;

    // One line for logs: "hidraw /dev/hidraw3", "simulator (nk3-sim:4)".
    virtual std::string describe() const = 0;
    // Opens `dev` (new, never opened) on the key: I/O functions, timeouts, fido_dev_open.
    // Returns libfido2's status (FIDO_ERR_RX when the key does not answer).
    virtual int open(fido_dev_t* dev) = 0;
    // An exception a bench component threw inside the last libfido2 call (the simulator's
    // endpoint), kept because it cannot cross libfido2's C code; null when none.
    virtual std::exception_ptr take_error() { return nullptr; }
    // Reports LinkEvents from now on; false when this transport cannot see them.
    virtual bool set_observer(LinkObserver observer) = 0;
    // Why the last open() failed, when the transport knows more than libfido2's status ("cannot
    // open /dev/hidraw3: Permission denied"); "" otherwise.
    virtual std::string open_error() const { return ""; }
    // The I/O functions an opened device uses, to exchange raw CTAPHID reports on its handle
    // (fido_dev_io_handle); null when they are libfido2's own, which it does not export.
    virtual const fido_dev_io_t* raw_io() const { return nullptr; }
};

}  // namespace nk3::rig
