#pragma once
// The two device secrets behind non-resident credential ids: the key-encryption key (AES-256-GCM
// over the whole credential id) and the key-wrapping key (AES-256-GCM over the credential's
// private key inside it). Each lives in a key file named by a random 16-byte id that the
// persistent state records. They are created on first use (makeCredential, U2F register); losing
// either (reset, a state file started from defaults) makes every existing non-resident credential
// id stop unwrapping.

#include <optional>

#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "fido/persistent_state.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido {

struct DeviceKeys {
    crypto::Bytes kek;  // 32 bytes
    crypto::Bytes kwk;  // 32 bytes
};

// The keys the state names, when both key files are present and well-formed.
std::optional<DeviceKeys> load_device_keys(const fs::Filesystem& fs, const PersistentState& state);

// Draws both keys and their ids from `drbg`, writes the two key files and records the ids in
// `state` (the caller saves the state: the key files come first, so a cut never leaves a state
// naming a key that is not there).
DeviceKeys create_device_keys(fs::Filesystem& fs, PersistentState& state, crypto::Drbg& drbg);

}  // namespace nk3::fido
