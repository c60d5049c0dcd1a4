#pragma once
// The two device secrets behind non-resident credential ids: the key-encryption key (AES-256-GCM
// over the whole credential id) and the key-wrapping key (AES-256-GCM over the credential's
// private key inside it). Each lives in its own key file named by a random 16-byte id that the
// persistent state records, and each is created on its own first use, as fido-authenticator
// 0.1.1 does (`src/state.rs` key_encryption_key() / key_wrapping_key(): generate the key into
// Internal, then save the state). Losing either (reset, a state file started from defaults)
// makes every existing non-resident credential id stop unwrapping.

#include <optional>

#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido {

struct DeviceKeys {
    crypto::Bytes kek;  // 32 bytes
    crypto::Bytes kwk;  // 32 bytes
};

// The AES-256 key in fido/sec/<hex id>, or std::nullopt when the file is absent, unreadable or
// not an AES-256 key file.
std::optional<crypto::Bytes> load_device_key(const fs::Filesystem& fs, crypto::ByteView id);

struct NewDeviceKey {
    crypto::Bytes id;   // 16 bytes
    crypto::Bytes key;  // 32 bytes
};
// Draws a key and its id from `drbg` and writes its key file (one file write; the caller then
// saves the state naming it, so a cut never leaves a state naming a key that is not there).
NewDeviceKey create_device_key(fs::Filesystem& fs, crypto::Drbg& drbg);

}  // namespace nk3::fido
