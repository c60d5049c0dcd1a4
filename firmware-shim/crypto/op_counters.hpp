// Counts of the cryptographic operations the process has done, by kind, for the engine's
// benchmark: its crypto floor prices the operations a trial really does. Each count is one relaxed
// atomic increment where the operation runs (firmware-shim/crypto for the simulated key; the
// libfido2 link counts what libfido2 computes on the host side, rig/link). Counting costs a few
// nanoseconds and changes nothing the operations compute.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nk3::crypto {

enum class CryptoOp : unsigned char {
    p256_base_mul,   // d*G: a P-256 key pair made from a scalar (generated or imported)
    p256_ecdh,       // d*Q: a P-256 key agreement
    es256_sign,      // ECDSA P-256 / SHA-256 signature (RFC 6979 nonce)
    es256_verify,    // ECDSA P-256 / SHA-256 verification
    ed25519_keygen,  // an Ed25519 key pair made from its seed (the public key computed)
    ed25519_sign,    // Ed25519 signature
    ed25519_verify,  // Ed25519 verification
    x509_parse,      // a DER certificate parsed
    hmac_sha256,     // one HMAC-SHA-256 (the DRBG, RFC 6979 nonces, PIN protocols, HKDF)
    aes256,          // one AES-256 encryption or decryption (GCM or CBC) of a short message
};
inline constexpr std::size_t kCryptoOpKinds = 10;

using CryptoOpCounts = std::array<std::uint64_t, kCryptoOpKinds>;

// Adds one to the count of `op` (thread-safe, relaxed).
void count_op(CryptoOp op) noexcept;
// Adds one to the count of `op` results given again without computing (result_memo.hpp).
void count_reused(CryptoOp op) noexcept;

// The counts since the process started (a snapshot; subtract two for an interval).
CryptoOpCounts crypto_op_counts() noexcept;
CryptoOpCounts crypto_reused_counts() noexcept;

// "p256_base_mul", ... for printing.
std::string_view crypto_op_name(CryptoOp op) noexcept;

}  // namespace nk3::crypto
