#pragma once
// authenticatorData (WebAuthn 6.1): rpIdHash (32) || flags (1) || signCount (4, big-endian)
// [|| attestedCredentialData: aaguid (16) || credentialId length (2) || credentialId ||
// COSE public key] [|| extensions (CBOR map)].

#include <cstdint>
#include <optional>

#include "cbor/value.hpp"
#include "crypto/bytes.hpp"

namespace nk3::fido {

namespace flags {
inline constexpr std::uint8_t kUp = 0x01;
inline constexpr std::uint8_t kUv = 0x04;
inline constexpr std::uint8_t kAt = 0x40;
inline constexpr std::uint8_t kEd = 0x80;
}  // namespace flags

struct AttestedCredential {
    crypto::ByteView aaguid;
    crypto::ByteView credential_id;
    cbor::Value public_key;
};

// AT and ED are set from the presence of `attested` and a non-empty `extensions` map.
crypto::Bytes build_auth_data(crypto::ByteView rp_id_hash, std::uint8_t flags,
                              std::uint32_t sign_count,
                              const std::optional<AttestedCredential>& attested,
                              const cbor::Value::Map& extensions);

}  // namespace nk3::fido
