#pragma once
// The FIDO application's persistent state, fido/dat/persistent-state.cbor (README.md gives the
// CBOR map): which key files hold the device keys, the PIN hash and length, the persistent PIN
// retry counter, the signature counter and PIN settings.

#include <array>
#include <cstdint>
#include <optional>

#include "crypto/bytes.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido {

struct PersistentState {
    std::optional<crypto::Bytes> kek_id;                   // key-encryption key (fido/sec/<hex>)
    std::optional<crypto::Bytes> kwk_id;                   // key-wrapping key
    std::optional<std::array<std::uint8_t, 16>> pin_hash;  // LEFT(SHA-256(PIN), 16)
    std::uint8_t pin_length = 0;                           // in Unicode code points
    std::uint8_t pin_retries = 8;
    std::uint32_t signature_counter = 0;
    std::uint8_t min_pin_length = 4;
    bool force_pin_change = false;

    bool pin_set() const { return pin_hash.has_value(); }
    bool operator==(const PersistentState&) const = default;
};

crypto::Bytes encode_state(const PersistentState& state);
// std::nullopt when the content does not parse as a state file.
std::optional<PersistentState> decode_state(crypto::ByteView content);

struct LoadedState {
    PersistentState state;
    bool missing = false;
    bool corrupt = false;  // present but unreadable or unparseable
};
// Reads the state file; on a missing or corrupt file `state` is `defaults`.
LoadedState load_state(const fs::Filesystem& fs, const PersistentState& defaults);
// One file write (plus the directories on a filesystem that has none yet).
void save_state(fs::Filesystem& fs, const PersistentState& state);

}  // namespace nk3::fido
