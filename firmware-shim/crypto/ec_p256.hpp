// NIST P-256 keys and ES256 (ECDSA P-256 with SHA-256, DER signatures) over EVP_PKEY.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "crypto/ossl_handles.hpp"

namespace nk3::crypto {

inline constexpr std::size_t kP256CoordinateSize = 32;
inline constexpr std::size_t kP256ScalarSize = 32;
inline constexpr std::size_t kP256UncompressedSize = 65;  // 0x04 || x || y

// A P-256 public key (validated: on the curve, not the point at infinity).
class P256PublicKey {
  public:
    // Imports the affine point (x, y), each 32 big-endian bytes (the COSE -2 / -3 values).
    // std::nullopt if a coordinate has the wrong length, is >= p, or the point is not on the curve.
    static std::optional<P256PublicKey> from_xy(ByteView x, ByteView y);
    // Imports 0x04 || x || y; std::nullopt if malformed or not on the curve.
    static std::optional<P256PublicKey> from_uncompressed(ByteView point);

    Bytes x() const;             // 32 bytes, big-endian
    Bytes y() const;             // 32 bytes, big-endian
    Bytes uncompressed() const;  // 65 bytes: 0x04 || x || y

    // ES256 verification of a DER (ASN.1 SEQUENCE { r, s }) signature over `message` (hashed with
    // SHA-256 here). false for a wrong or malformed signature.
    bool verify_es256(ByteView message, ByteView der_signature) const;

    EVP_PKEY* native() const { return pkey_.get(); }

    P256PublicKey(const P256PublicKey& other) : pkey_(share_pkey(other.pkey_.get())) {}
    P256PublicKey& operator=(const P256PublicKey& other);
    P256PublicKey(P256PublicKey&&) noexcept = default;
    P256PublicKey& operator=(P256PublicKey&&) noexcept = default;

  private:
    explicit P256PublicKey(EvpPkeyPtr pkey) : pkey_(std::move(pkey)) {}
    friend class P256KeyPair;
    EvpPkeyPtr pkey_;
};

// A P-256 private key with its public key.
class P256KeyPair {
  public:
    // Deterministic key generation: draws 32 bytes from the DRBG, reads them big-endian as the
    // scalar d, and retries with the next 32 bytes while d == 0 or d >= n (rejection sampling, so
    // d is uniform in [1, n-1]). The same DRBG state always yields the same key.
    static P256KeyPair generate(Drbg& drbg);

    // Imports a raw 32-byte big-endian private scalar; throws CryptoError unless 1 <= d <= n-1.
    static P256KeyPair from_private_bytes(ByteView scalar);

    // Raw 32-byte big-endian private scalar, for storage in the simulator's filesystem.
    Bytes private_bytes() const;

    P256PublicKey public_key() const;

    // ES256 signature (DER SEQUENCE { r, s }) over `message`, hashed with SHA-256 here.
    // Deterministic: the nonce is derived from the key and the message as in RFC 6979 (see
    // crypto/ecdsa_rfc6979.hpp), so the same key and message give the same bytes on every run and
    // machine. s is not normalised to the lower half; any ECDSA verifier accepts it.
    Bytes sign_es256(ByteView message) const;

    EVP_PKEY* native() const { return pkey_.get(); }

    P256KeyPair(const P256KeyPair& other) : pkey_(share_pkey(other.pkey_.get())) {}
    P256KeyPair& operator=(const P256KeyPair& other);
    P256KeyPair(P256KeyPair&&) noexcept = default;
    P256KeyPair& operator=(P256KeyPair&&) noexcept = default;

  private:
    explicit P256KeyPair(EvpPkeyPtr pkey) : pkey_(std::move(pkey)) {}
    EvpPkeyPtr pkey_;
};

}  // namespace nk3::crypto
