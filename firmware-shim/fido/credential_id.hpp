#pragma once
// Non-resident credential ids (and U2F key handles): everything the authenticator needs to use
// the credential again, sealed by the device keys and bound to the relying party.
//
//   id    = 0x01 || nonce (12) || AES-256-GCM(kek, nonce, aad = rpIdHash, body) (ciphertext || tag)
//   body  = CBOR {1: alg, 2: wrapped key, 3: credProtect (omitted when 1), 4: true (hmac-secret)}
//   wrapped key = nonce' (12) || AES-256-GCM(kwk, nonce', aad = "nk3rig-kwk", private key)
//
// Both nonces come from the device Drbg. An id only unwraps with the same device keys and the
// same rpIdHash (for U2F: the application parameter).

#include <cstdint>
#include <optional>

#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "fido/credential_key.hpp"
#include "fido/device_keys.hpp"

namespace nk3::fido {

inline constexpr std::uint8_t kWrappedIdVersion = 0x01;

struct WrappedCredential {
    CredentialKey key;
    std::uint8_t cred_protect = 1;  // 1..3
    bool hmac_secret = false;
};

crypto::Bytes wrap_credential_id(const DeviceKeys& keys, crypto::ByteView rp_id_hash,
                                 const WrappedCredential& credential, crypto::Drbg& drbg);

// The id opened with the key-encryption key only (what fido-authenticator's
// Credential::try_from does): the credential's algorithm and parameters and its still wrapped
// private key. std::nullopt when the id was not made with this kek for this rpIdHash, or is
// malformed.
struct OpenedCredentialId {
    Alg alg = Alg::es256;
    crypto::Bytes wrapped_key;
    std::uint8_t cred_protect = 1;
    bool hmac_secret = false;
};
std::optional<OpenedCredentialId> open_credential_id(crypto::ByteView kek,
                                                     crypto::ByteView rp_id_hash,
                                                     crypto::ByteView id);
// The private key inside, with the key-wrapping key; std::nullopt when it does not unwrap.
std::optional<CredentialKey> unwrap_private_key(crypto::ByteView kwk,
                                                const OpenedCredentialId& opened);

// Both steps; std::nullopt when either fails.
std::optional<WrappedCredential> unwrap_credential_id(const DeviceKeys& keys,
                                                      crypto::ByteView rp_id_hash,
                                                      crypto::ByteView id);

}  // namespace nk3::fido
