#pragma once
// One secret key in fido/sec/<id>: the device keys (key-encryption and key-wrapping keys), the
// private keys of resident credentials, the attestation key (id 00). Stored as a CBOR map
// {1: kind, 2: raw key bytes}; README.md gives the kinds.

#include <cstdint>
#include <optional>

#include "crypto/bytes.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido {

enum class KeyKind : std::uint8_t {
    aes256 = 1,   // 32-byte symmetric key
    p256 = 2,     // 32-byte big-endian private scalar
    ed25519 = 3,  // 32-byte RFC 8032 seed
};

struct StoredKey {
    KeyKind kind;
    crypto::Bytes bytes;
};

crypto::Bytes encode_key_file(const StoredKey& key);
// std::nullopt when the content is not a well-formed key file.
std::optional<StoredKey> decode_key_file(crypto::ByteView content);

// Reads fido/sec/<hex id>; std::nullopt when absent, unreadable or malformed.
std::optional<StoredKey> read_key(const fs::Filesystem& fs, crypto::ByteView key_id);
// Writes fido/sec/<hex id> (one file write; creates the directories when missing).
void write_key(fs::Filesystem& fs, crypto::ByteView key_id, const StoredKey& key);
void remove_key(fs::Filesystem& fs, crypto::ByteView key_id);

}  // namespace nk3::fido
