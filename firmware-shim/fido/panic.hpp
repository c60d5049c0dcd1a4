#pragma once
// A firmware panic: what trussed's `syscall!` (it unwraps every service error),
// `store::create_directories` (any error but "exists") and the rng-state write
// (`.unwrap()`) do on a filesystem error, and what fido-authenticator does when the attestation
// key exists but its certificate cannot be read (trussed 0.1.0 `src/service.rs` `rng()`,
// `src/store.rs` `create_directories`; fido-authenticator 0.1.1 `src/state.rs`
// `Identity::attestation`). On the NK3 a panic lights the LED red and loops: the key answers
// nothing until the next power cycle.
//
// Contract: thrown out of Authenticator::cbor() / u2f() (and out of Reply::after_sent). It is
// never answered as a CTAP status. The device (firmware-shim/device) catches it on its request
// path and halts the key (VirtualNk3 halt(): no answer, no USB) until the next power-up.
// Filesystem errors the application does not handle are turned into a Panic at the
// Authenticator boundary; an fs::FsError that escapes anyway is treated alike by the device.

#include <stdexcept>
#include <string>

namespace nk3::fido {

class Panic : public std::runtime_error {
  public:
    explicit Panic(const std::string& what) : std::runtime_error("panic: " + what) {}
};

}  // namespace nk3::fido
