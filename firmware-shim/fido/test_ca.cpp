// project_test_ca(): the project's attestation CA. Its key is P256KeyPair::generate over
// Drbg(kProjectCaSeed), so every process derives the same CA key and subject; only the ECDSA
// signature bytes of the self-signed certificate differ between processes (OpenSSL's nonce).

#include "crypto/drbg.hpp"
#include "fido/authenticator.hpp"

namespace nk3::fido {

namespace {
// "nk3rigCA" in ASCII.
constexpr std::uint64_t kProjectCaSeed = 0x6E6B337269674341ULL;
}  // namespace

const crypto::CertificateAuthority& project_test_ca() {
    static const crypto::CertificateAuthority ca = [] {
        crypto::Drbg drbg(kProjectCaSeed);
        return crypto::create_test_ca(drbg);
    }();
    return ca;
}

}  // namespace nk3::fido
