// Deterministic ECDSA over NIST P-256 with SHA-256 (RFC 6979), written over OpenSSL 3 BIGNUM and
// EC_POINT arithmetic because OpenSSL 3.0 has no deterministic-nonce mode.
//
// The signature is a pure function of the private key and the message: the same inputs give the
// same DER bytes on every run and machine, and nothing is read from OpenSSL's RAND, the OS or the
// clock. The output is an ordinary ECDSA signature: any ECDSA verifier accepts it. s is kept as
// computed (no low-S normalisation), as RFC 6979 and its test vectors do; WebAuthn / COSE ES256
// verifiers accept both halves of the range.
//
// Side channels: the nonce and the private scalar are flagged BN_FLG_CONSTTIME, the point
// multiplication is OpenSSL's (constant-time for P-256), and k^-1 is computed by a constant-time
// exponentiation (Fermat). The remaining modular multiplications and additions use the public BN
// API, which is not hardened like OpenSSL's internal ECDSA code. This is acceptable for the
// simulator, which handles no real secrets.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "crypto/bytes.hpp"
#include "crypto/ossl_handles.hpp"

namespace nk3::crypto {

// The nonce generation of RFC 6979, section 3.2, for P-256 (qlen = 256) with HMAC-SHA-256
// (hlen = 256). Construction runs steps a-g (the caller supplies h1 = SHA-256(m)); every call of
// next_candidate() runs step h once. The candidate stream equals the output of HMAC_DRBG
// instantiated with int2octets(x) || bits2octets(h1) (RFC 6979, section 3.3), which is what the
// tests use to check the retry path.
class Rfc6979NonceGenerator {
  public:
    // `private_scalar`: int2octets(x), 32 big-endian bytes with 1 <= x <= n-1. `digest`: h1,
    // 32 bytes. Throws CryptoError for other lengths or an out-of-range scalar.
    Rfc6979NonceGenerator(ByteView private_scalar, ByteView digest);
    ~Rfc6979NonceGenerator();
    Rfc6979NonceGenerator(const Rfc6979NonceGenerator&) = delete;
    Rfc6979NonceGenerator& operator=(const Rfc6979NonceGenerator&) = delete;

    // Steps h.1-h.2: the next candidate k = bits2int(T), 32 big-endian bytes, not range-checked.
    // From the second call on, the step h.3 update K = HMAC_K(V || 0x00), V = HMAC_K(V) runs
    // first.
    Bytes next_candidate();

    // The next candidate with 1 <= k <= n-1 (step h.3 check), as 32 big-endian bytes. The signer
    // calls it again if k yields r = 0 or s = 0.
    Bytes next_nonce();

  private:
    // dest = HMAC_K(parts...), K = key_.
    void hmac(std::array<std::uint8_t, 32>& dest, std::initializer_list<ByteView> parts);

    EvpMacCtxPtr mac_;                    // HMAC-SHA-256, re-keyed for every call
    std::array<std::uint8_t, 32> key_{};  // K
    std::array<std::uint8_t, 32> v_{};    // V
    bool started_ = false;
};

// ECDSA P-256 signature of the 32-byte SHA-256 digest `digest` with the private key of `key` (an
// EC P-256 EVP_PKEY holding a private key), nonce from Rfc6979NonceGenerator. Returns the DER
// Ecdsa-Sig-Value SEQUENCE { r INTEGER, s INTEGER } (at most 72 bytes; its length depends on the
// leading bytes of r and s, deterministically). Throws CryptoError on a wrong digest length, a key
// that is not a P-256 private key, or an OpenSSL failure.
Bytes ecdsa_p256_sign_digest_rfc6979(const EVP_PKEY* key, ByteView digest);

// ES256: SHA-256 of `message`, then ecdsa_p256_sign_digest_rfc6979.
Bytes ecdsa_p256_sha256_sign_rfc6979(const EVP_PKEY* key, ByteView message);

// The same two with the private scalar d given as 32 big-endian bytes (1 <= d <= n-1, else
// CryptoError), as P256KeyPair holds it: no EVP_PKEY, no parameter lookups. Same signatures.
Bytes ecdsa_p256_sign_digest_rfc6979_scalar(ByteView private_scalar, ByteView digest);
Bytes ecdsa_p256_sha256_sign_rfc6979_scalar(ByteView private_scalar, ByteView message);

}  // namespace nk3::crypto
