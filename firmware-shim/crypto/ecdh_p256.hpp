// ECDH on P-256 (the key agreement of the CTAP PIN/UV auth protocols) over EVP_PKEY_derive.
#pragma once

#include <optional>

#include "crypto/bytes.hpp"
#include "crypto/ec_p256.hpp"

namespace nk3::crypto {

// Ephemeral key agreement keys are ordinary P-256 key pairs; this alias names the intent.
// Generate one with P256KeyPair::generate(drbg) (deterministic for a given DRBG state).
using EcdhKeyPair = P256KeyPair;

// The 32-byte x-coordinate of own.d * peer (the CTAP "Z"), or std::nullopt if the peer point is
// invalid (wrong coordinate length, coordinate >= p, not on the curve).
std::optional<Bytes> ecdh_p256_shared_x(const P256KeyPair& own, ByteView peer_x, ByteView peer_y);

// Same, for an already validated peer key.
Bytes ecdh_p256_shared_x(const P256KeyPair& own, const P256PublicKey& peer);

}  // namespace nk3::crypto
