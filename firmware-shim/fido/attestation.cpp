// Attestation key and certificate files.

#include "fido/attestation.hpp"

#include <algorithm>

#include "crypto/bounded_cache.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/sha.hpp"
#include "fido/file_ops.hpp"
#include "fido/key_file.hpp"
#include "fido/panic.hpp"
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

namespace {

// The 16 bytes after OID 1.3.6.1.4.1.45724.1.1.4 and the OCTET STRING { OCTET STRING (16) }
// headers, as fido-authenticator's yank_aaguid finds them.
std::optional<std::array<std::uint8_t, 16>> yank_aaguid(crypto::ByteView der) {
    static constexpr std::array<std::uint8_t, 17> kStart = {0x06, 0x0B, 0x2B, 0x06, 0x01, 0x04,
                                                            0x01, 0x82, 0xE5, 0x1C, 0x01, 0x01,
                                                            0x04, 0x04, 0x12, 0x04, 0x10};
    const auto it = std::search(der.begin(), der.end(), kStart.begin(), kStart.end());
    if (it == der.end() || der.end() - it < static_cast<std::ptrdiff_t>(kStart.size() + 16))
        return std::nullopt;  // (the firmware would slice out of bounds: not in our certificates)
    std::array<std::uint8_t, 16> out{};
    std::copy_n(it + kStart.size(), out.size(), out.begin());
    return out;
}

}  // namespace

AttestationIdentity attestation_identity(const fs::Filesystem& fs) {
    AttestationIdentity out;
    out.aaguid = kFallbackAaguid;
    const auto key = read_key(fs, kAttestationKeyId);
    if (!key || key->kind != KeyKind::p256) return out;
    std::optional<crypto::Bytes> cert;
    try {
        if (fs.exists(paths::kAttestationCert)) cert = fs.read_file(paths::kAttestationCert);
    } catch (const fs::FsError& e) {
        // A broken block list (LFS_ERR_CORRUPT); a damaged data block would read as other bytes
        // of the same length instead.
        if (e.code() != fs::FsErrc::corrupt) throw;
        cert = crypto::Bytes(fs.stat(paths::kAttestationCert).size, 0xFF);
    }
    if (!cert) throw Panic("attestation key present but fido/x5c/00 missing");
    if (const auto aaguid = yank_aaguid(*cert)) out.aaguid = *aaguid;
    try {
        out.attestation =
            Attestation{crypto::P256KeyPair::from_private_bytes(key->bytes), std::move(*cert)};
    } catch (const crypto::CryptoError&) {
        throw Panic("attestation key unusable");
    }
    return out;
}

void write_attestation(fs::Filesystem& fs, const crypto::CertificateAuthority& ca,
                       crypto::ByteView aaguid, crypto::Drbg& drbg) {
    auto identity = crypto::issue_attestation_certificate(ca, aaguid, drbg);
    auto scalar = identity.key.private_bytes();
    write_key(fs, kAttestationKeyId, {KeyKind::p256, scalar});
    crypto::secure_wipe(scalar);
    paths::ensure_dir(fs, paths::kX5c);
    file_ops::write_file(fs, paths::kAttestationCert, identity.certificate_der);
}

}  // namespace nk3::fido
