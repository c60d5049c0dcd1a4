#pragma once
// The hmac-secret extension at getAssertion (CTAP 2.1, 12.5). The platform sends
// {1: keyAgreement, 2: saltEnc, 3: saltAuth, 4: pinUvAuthProtocol (default 1)}; the
// authenticator answers encrypt(shared, HMAC-SHA-256(CredRandom, salt1) [|| ... salt2]).
//
// CredRandom is not stored: it is HMAC-SHA-256(credential private key, "nk3rig hmac-secret uv")
// or (..., "nk3rig hmac-secret no-uv"), so it is secret, fixed per credential, and differs with
// and without user verification as the spec requires.

#include <optional>

#include "cbor/value.hpp"
#include "crypto/bytes.hpp"
#include "fido/credential_key.hpp"

namespace nk3::fido {

struct Session;

struct HmacSecretInput {
    int protocol = 1;
    crypto::Bytes shared_secret;
    crypto::Bytes salts;  // 32 or 64 bytes
};

// Checks and decrypts the extension input (pure: no Drbg draw). MISSING_PARAMETER,
// INVALID_PARAMETER (protocol, key), PIN_AUTH_INVALID (saltAuth), INVALID_LENGTH (salts).
HmacSecretInput parse_hmac_secret(Session& s, const cbor::Value& input);

// The encrypted output for one credential (protocol 2 draws its IV from the Drbg).
crypto::Bytes hmac_secret_output(Session& s, const HmacSecretInput& input, const CredentialKey& key,
                                 bool uv);

}  // namespace nk3::fido
