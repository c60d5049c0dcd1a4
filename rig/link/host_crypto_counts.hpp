#pragma once
// What libfido2 computes on the host side for the requests a FidoLink makes, counted by the link
// (libfido2 has no counters of its own): the engine's benchmark prices them for its crypto floor,
// together with the simulated key's own operations (firmware-shim/crypto/op_counters.hpp).
// Per request, libfido2 1.12:
//   - a PIN (or a new PIN) given: one key agreement: getKeyAgreement, an ephemeral P-256 key pair
//     and one ECDH (then the PIN protocol's KDF, AES-256-CBC of the PIN hash, HMAC of the
//     request, AES-256-CBC decryption of the token) — once per credentialManagement request
//     that goes through libfido2 (the tokens the link takes itself, pin_uv_auth_token.hpp, run
//     through firmware-shim/crypto, which counts them);
//   - an assertion from a credential the host knows: one signature verification, only when the
//     link leaves it to libfido2 (see verify_assertion: otherwise the link verifies with
//     firmware-shim/crypto, which counts it itself, or gives the verdict it remembers for the
//     same key, data and signature);
//   - a new credential: its attestation statement verified: the x5c certificate parsed and an
//     ES256 verification, or a self attestation verified with the credential's key.
// Relaxed atomics, header-only (one definition per process through inline variables).

#include <atomic>
#include <cstdint>

namespace nk3::rig {

struct HostCryptoCounts {
    std::uint64_t key_agreements = 0;  // each: one P-256 key pair + one ECDH on the host
    std::uint64_t es256_verify = 0;
    std::uint64_t ed25519_verify = 0;
    std::uint64_t x509_parse = 0;
};

namespace host_crypto {
inline std::atomic<std::uint64_t> key_agreements{0};
inline std::atomic<std::uint64_t> es256_verify{0};
inline std::atomic<std::uint64_t> ed25519_verify{0};
inline std::atomic<std::uint64_t> x509_parse{0};

inline void count(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) noexcept {
    counter.fetch_add(n, std::memory_order_relaxed);
}
}  // namespace host_crypto

// The counts since the process started.
inline HostCryptoCounts host_crypto_counts() noexcept {
    HostCryptoCounts c;
    c.key_agreements = host_crypto::key_agreements.load(std::memory_order_relaxed);
    c.es256_verify = host_crypto::es256_verify.load(std::memory_order_relaxed);
    c.ed25519_verify = host_crypto::ed25519_verify.load(std::memory_order_relaxed);
    c.x509_parse = host_crypto::x509_parse.load(std::memory_order_relaxed);
    return c;
}

}  // namespace nk3::rig
