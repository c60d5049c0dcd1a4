#pragma once
// trussed's random number state: the first trussed request of every power-up, whatever it is
// (the FIDO application's state load at its first CTAP1/CTAP2 request, getInfo included),
// seeds trussed's DRBG and writes a new seed for the next boot (trussed 0.1.0 `src/service.rs`
// `ServiceResources::rng()`, called from `reply_to` for every request):
//   read trussed/dat/rng-state.bin if it exists (zeros otherwise), XOR it with fresh entropy,
//   seed ChaCha8 with that, draw 32 bytes and write them back (create directories first).
// Here the entropy and the derivation come from the authenticator's deterministic Drbg
// (Platform::rng()), so runs stay reproducible: next = SHA-256("nk3rig rng-state" || old ^ drawn).
//
// Failures panic as in trussed: a read error propagates as EntropyMalfunction and the caller's
// syscall! unwraps it, a file that is not 32 bytes trips the copy into the 32-byte seed, the
// write is `.unwrap()`ed, and create_directories panics on anything but "exists".

#include <string_view>

#include "crypto/drbg.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido {

inline constexpr std::string_view kTrussedRngStatePath = "trussed/dat/rng-state.bin";

// One read (if present) and one file write of 32 bytes. Throws Panic on any failure.
void write_trussed_rng_state(fs::Filesystem& fs, crypto::Drbg& drbg);

}  // namespace nk3::fido
