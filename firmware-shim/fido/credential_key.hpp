#pragma once
// A credential's private key of either supported algorithm: ES256 (-7, P-256) or EdDSA (-8,
// Ed25519). Signs authenticatorData || clientDataHash and exports the COSE public key.

#include <cstdint>
#include <optional>

#include "cbor/value.hpp"
#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"

namespace nk3::fido {

enum class Alg : std::int8_t { es256 = -7, eddsa = -8 };

// std::nullopt for any other COSE algorithm number.
std::optional<Alg> alg_from_cose(std::int64_t cose);

class CredentialKey {
  public:
    static CredentialKey generate(Alg alg, crypto::Drbg& drbg);
    // Throws crypto::CryptoError for a malformed private key.
    static CredentialKey from_private(Alg alg, crypto::ByteView private_bytes);

    Alg alg() const { return alg_; }
    const crypto::Bytes& private_bytes() const { return private_; }

    // ES256: DER ECDSA signature; EdDSA: 64 bytes.
    crypto::Bytes sign(crypto::ByteView message) const;
    // COSE_Key: {1: 2, 3: -7, -1: 1, -2: x, -3: y} or {1: 1, 3: -8, -1: 6, -2: x}.
    cbor::Value cose_public_key() const;
    // 65-byte uncompressed point (ES256 only; U2F).
    crypto::Bytes uncompressed_public_key() const;

    ~CredentialKey();
    CredentialKey(const CredentialKey&) = default;
    CredentialKey& operator=(const CredentialKey&) = default;
    CredentialKey(CredentialKey&&) noexcept = default;
    CredentialKey& operator=(CredentialKey&&) noexcept = default;

  private:
    CredentialKey(Alg alg, crypto::Bytes private_bytes)
        : alg_(alg), private_(std::move(private_bytes)) {}
    Alg alg_;
    crypto::Bytes private_;
};

}  // namespace nk3::fido
