// CredentialKey over crypto::P256KeyPair and crypto::Ed25519KeyPair.

#include "fido/credential_key.hpp"

#include "crypto/ec_p256.hpp"
#include "crypto/ed25519.hpp"

namespace nk3::fido {

std::optional<Alg> alg_from_cose(std::int64_t cose) {
    if (cose == static_cast<int>(Alg::es256)) return Alg::es256;
    if (cose == static_cast<int>(Alg::eddsa)) return Alg::eddsa;
    return std::nullopt;
}

CredentialKey CredentialKey::generate(Alg alg, crypto::Drbg& drbg) {
    if (alg == Alg::es256) return {alg, crypto::P256KeyPair::generate(drbg).private_bytes()};
    return {alg, crypto::Ed25519KeyPair::generate(drbg).private_bytes()};
}

CredentialKey CredentialKey::from_private(Alg alg, crypto::ByteView private_bytes) {
    // Parse once so that a malformed key fails here, not at signing.
    if (alg == Alg::es256)
        (void)crypto::P256KeyPair::from_private_bytes(private_bytes);
    else
        (void)crypto::Ed25519KeyPair::from_private_bytes(private_bytes);
    return {alg, crypto::Bytes(private_bytes.begin(), private_bytes.end())};
}

CredentialKey::~CredentialKey() {
    crypto::secure_wipe(private_);
}

crypto::Bytes CredentialKey::sign(crypto::ByteView message) const {
    if (alg_ == Alg::es256)
        return crypto::P256KeyPair::from_private_bytes(private_).sign_es256(message);
    return crypto::Ed25519KeyPair::from_private_bytes(private_).sign(message);
}

cbor::Value CredentialKey::cose_public_key() const {
    if (alg_ == Alg::es256) {
        const auto pub = crypto::P256KeyPair::from_private_bytes(private_).public_key();
        return cbor::map({{1, 2}, {3, -7}, {-1, 1}, {-2, pub.x()}, {-3, pub.y()}});
    }
    const auto pub = crypto::Ed25519KeyPair::from_private_bytes(private_).public_key();
    return cbor::map({{1, 1}, {3, -8}, {-1, 6}, {-2, pub.raw()}});
}

crypto::Bytes CredentialKey::uncompressed_public_key() const {
    return crypto::P256KeyPair::from_private_bytes(private_).public_key().uncompressed();
}

}  // namespace nk3::fido
