// EdDSA over Ed25519 (RFC 8032, pure Ed25519) with raw 32-byte keys, over EVP_PKEY.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "crypto/ossl_handles.hpp"

namespace nk3::crypto {

inline constexpr std::size_t kEd25519KeySize = 32;
inline constexpr std::size_t kEd25519SignatureSize = 64;

class Ed25519PublicKey {
  public:
    // Imports the raw 32-byte public key (COSE -2); std::nullopt if the length is wrong.
    static std::optional<Ed25519PublicKey> from_raw(ByteView raw);

    Bytes raw() const;  // 32 bytes

    // Verifies a 64-byte signature over `message`; false if wrong or malformed.
    bool verify(ByteView message, ByteView signature) const;

    EVP_PKEY* native() const { return pkey_.get(); }

    Ed25519PublicKey(const Ed25519PublicKey& other) : pkey_(share_pkey(other.pkey_.get())) {}
    Ed25519PublicKey& operator=(const Ed25519PublicKey& other);
    Ed25519PublicKey(Ed25519PublicKey&&) noexcept = default;
    Ed25519PublicKey& operator=(Ed25519PublicKey&&) noexcept = default;

  private:
    explicit Ed25519PublicKey(EvpPkeyPtr pkey) : pkey_(std::move(pkey)) {}
    friend class Ed25519KeyPair;
    EvpPkeyPtr pkey_;
};

class Ed25519KeyPair {
  public:
    // Deterministic: the 32-byte private key (RFC 8032 seed) is drbg.bytes(32).
    static Ed25519KeyPair generate(Drbg& drbg);

    // Imports the raw 32-byte private key (RFC 8032 "secret key" / seed); throws CryptoError if
    // the length is wrong.
    static Ed25519KeyPair from_private_bytes(ByteView seed);

    Bytes private_bytes() const;  // the 32-byte seed, for storage
    Ed25519PublicKey public_key() const;

    // 64-byte signature over `message`. Ed25519 signing is deterministic: same key and message,
    // same signature.
    Bytes sign(ByteView message) const;

    EVP_PKEY* native() const { return pkey_.get(); }

    Ed25519KeyPair(const Ed25519KeyPair& other) : pkey_(share_pkey(other.pkey_.get())) {}
    Ed25519KeyPair& operator=(const Ed25519KeyPair& other);
    Ed25519KeyPair(Ed25519KeyPair&&) noexcept = default;
    Ed25519KeyPair& operator=(Ed25519KeyPair&&) noexcept = default;

  private:
    explicit Ed25519KeyPair(EvpPkeyPtr pkey) : pkey_(std::move(pkey)) {}
    EvpPkeyPtr pkey_;
};

}  // namespace nk3::crypto
