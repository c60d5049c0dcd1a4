// Attestation key and certificate files.

#include "fido/attestation.hpp"

#include "crypto/openssl_error.hpp"
#include "fido/key_file.hpp"
#include "fido/paths.hpp"

namespace nk3::fido {

std::optional<Attestation> load_attestation(const fs::Filesystem& fs) {
    const auto key = read_key(fs, kAttestationKeyId);
    if (!key || key->kind != KeyKind::p256) return std::nullopt;
    auto cert = paths::read_if_present(fs, paths::kAttestationCert);
    if (!cert || !crypto::parse_certificate(*cert)) return std::nullopt;
    try {
        return Attestation{crypto::P256KeyPair::from_private_bytes(key->bytes), std::move(*cert)};
    } catch (const crypto::CryptoError&) {
        return std::nullopt;
    }
}

void write_attestation(fs::Filesystem& fs, const crypto::CertificateAuthority& ca,
                       crypto::ByteView aaguid, crypto::Drbg& drbg) {
    auto identity = crypto::issue_attestation_certificate(ca, aaguid, drbg);
    auto scalar = identity.key.private_bytes();
    write_key(fs, kAttestationKeyId, {KeyKind::p256, scalar});
    crypto::secure_wipe(scalar);
    paths::ensure_dir(fs, paths::kX5c);
    fs.write_file(paths::kAttestationCert, identity.certificate_der);
}

}  // namespace nk3::fido
