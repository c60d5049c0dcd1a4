#pragma once
// The COSE_Key form of a PIN/UV auth protocol's key agreement key (CTAP 2.1 6.5.6
// getPublicKey): {1: 2 (EC2), 3: -25 (ECDH-ES+HKDF-256), -1: 1 (P-256), -2: x, -3: y}. Both ends
// of clientPIN speak it: the simulated authenticator (fido/pin_uv_auth) and the host link's own
// clientPIN requests (rig/link/pin_uv_auth_token).

#include <cstdint>
#include <optional>

#include "cbor/value.hpp"
#include "crypto/ec_p256.hpp"

namespace nk3::crypto {

inline constexpr std::int64_t kCoseAlgEcdhEsHkdf256 = -25;

cbor::Value cose_key_agreement(const P256PublicKey& key);

// The coordinates of a COSE key agreement key. `fault`: incomplete when kty, crv, x or y is
// absent; unsupported when kty is not EC2, crv not P-256, or x or y not 32 bytes. A member of
// the wrong CBOR type, or `key` not a map, throws cbor::CborError (unexpected_type), as the
// typed accessors do. `alg` is returned when it is an integer, not checked: an authenticator
// ignores the platform's.
struct CoseKeyAgreement {
    enum class Fault : unsigned char { none, incomplete, unsupported };
    Fault fault = Fault::none;
    std::optional<std::int64_t> alg;
    cbor::Bytes x;
    cbor::Bytes y;
};
CoseKeyAgreement read_cose_key_agreement(const cbor::Value& key);

}  // namespace nk3::crypto
