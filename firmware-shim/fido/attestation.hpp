#pragma once
// The device attestation: key in fido/sec/00 and certificate (DER) in fido/x5c/00, written once
// at provisioning. Without either file the authenticator answers with self attestation.

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
std::optional<Attestation> load_attestation(const fs::Filesystem& fs);

// Writes a fresh attestation (key drawn from `drbg`, certificate for `aaguid` issued by `ca`).
void write_attestation(fs::Filesystem& fs, const crypto::CertificateAuthority& ca,
                       crypto::ByteView aaguid, crypto::Drbg& drbg);

}  // namespace nk3::fido
