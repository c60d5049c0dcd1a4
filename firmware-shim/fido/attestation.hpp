#pragma once
// The device attestation: key in fido/sec/00 and certificate (DER) in fido/x5c/00, written once
// at provisioning. Without either file the authenticator answers with self attestation.

#include <array>
#include <cstdint>
#include <optional>

#include "crypto/bytes.hpp"
#include "crypto/ec_p256.hpp"
#include "crypto/x509_attestation.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido {

struct Attestation {
    crypto::P256KeyPair key;
    crypto::Bytes certificate_der;
};

// The id of the attestation key file (fido/sec/00).
inline const crypto::Bytes kAttestationKeyId{0x00};

// Both files present and usable (the key parses, the certificate parses); std::nullopt otherwise.
// A read-only diagnostic (BootOutcome::attestation_present).
std::optional<Attestation> load_attestation(const fs::Filesystem& fs);

// The AAGUID fido-authenticator 0.1.1 reports when it has no attestation key, or when its
// certificate carries no AAGUID extension it can find.
inline constexpr std::array<std::uint8_t, 16> kFallbackAaguid = {
    'A', 'A', 'G', 'U', 'I', 'D', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'};

// What fido-authenticator 0.1.1 `src/state.rs` Identity::attestation() finds, at every getInfo,
// makeCredential and U2F register:
//   * the attestation key fido/sec/00 does not load as a P-256 key: no attestation (self
//     attestation; U2F register fails), AAGUID = kFallbackAaguid;
//   * it does: the certificate fido/x5c/00 is read, and the AAGUID is the 16 bytes after the
//     first occurrence of the AAGUID extension's OID and OCTET STRING headers in its DER
//     (yank_aaguid scans bytes; the certificate is not parsed), kFallbackAaguid when absent.
//     A certificate that cannot be read: Panic ("Will panic if certificate does not exist").
//     A key file that decodes but whose scalar is unusable makes signing fail: Panic.
struct AttestationIdentity {
    std::optional<Attestation> attestation;
    std::array<std::uint8_t, 16> aaguid{};
};
AttestationIdentity attestation_identity(const fs::Filesystem& fs);

// Writes a fresh attestation (key drawn from `drbg`, certificate for `aaguid` issued by `ca`).
void write_attestation(fs::Filesystem& fs, const crypto::CertificateAuthority& ca,
                       crypto::ByteView aaguid, crypto::Drbg& drbg);

}  // namespace nk3::fido
