// Attestation key and certificate files.

#include "fido/attestation.hpp"

#include "crypto/bounded_cache.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/sha.hpp"
#include "fido/key_file.hpp"
#include "fido/paths.hpp"

namespace nk3::fido {

namespace {

// Whether a certificate file parses, by the SHA-256 of its bytes. The firmware reads the file
// from flash at every boot (a damaged file gives other bytes, hence a fresh parse that fails);
// only the parse of bytes already seen is skipped. Bounded: few distinct files exist in a run.
constexpr std::size_t kParsedCertificatesCapacity = 64;

bool certificate_parses(crypto::ByteView der) {
    static crypto::BoundedCache<bool> cache(kParsedCertificatesCapacity);
    return *cache.find_or_put(crypto::cache_key(crypto::sha256(der)), [&] {
        return std::make_shared<const bool>(crypto::parse_certificate(der).has_value());
    });
}

}  // namespace

std::optional<Attestation> load_attestation(const fs::Filesystem& fs) {
    const auto key = read_key(fs, kAttestationKeyId);
    if (!key || key->kind != KeyKind::p256) return std::nullopt;
    auto cert = paths::read_if_present(fs, paths::kAttestationCert);
    if (!cert || !certificate_parses(*cert)) return std::nullopt;
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
