// NIST P-256 keys and ES256 (ECDSA P-256 with SHA-256, DER signatures) over EVP_PKEY.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "crypto/ossl_handles.hpp"

namespace nk3::crypto {

inline constexpr std::size_t kP256CoordinateSize = 32;
inline constexpr std::size_t kP256ScalarSize = 32;
inline constexpr std::size_t kP256UncompressedSize = 65;  // 0x04 || x || y

// A P-256 public key (validated: on the curve, not the point at infinity). Held as its encoded
// point; the EVP_PKEY that verification needs is built on first use and kept. Copies share it.
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

    // The key as an EVP_PKEY (public part only), owned by this object and its copies.
    EVP_PKEY* native() const;

    struct Data;  // the point, and the EVP_PKEY once built

  private:
    explicit P256PublicKey(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
    friend class P256KeyPair;
    std::shared_ptr<const Data> data_;
};

// A P-256 private key with its public key. Held as the scalar and the encoded public point (the
// point arithmetic of signing and key agreement needs nothing else); the EVP_PKEY is built only
// when native() asks for it. Key pairs made from the same scalar share one immutable object from
// a bounded cache (the simulated key re-imports the same device, attestation and credential keys
// at every boot and use), so d*G is computed once per scalar while it stays in the cache.
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

    // The key pair as an EVP_PKEY (built on first use, owned by this object and its copies).
    EVP_PKEY* native() const;

    // The 32-byte scalar, for the point arithmetic of crypto/ (never copied out by callers).
    ByteView scalar() const;

    struct Data;  // scalar, public key, and the EVP_PKEY once built

  private:
    explicit P256KeyPair(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
    std::shared_ptr<const Data> data_;
};

}  // namespace nk3::crypto
