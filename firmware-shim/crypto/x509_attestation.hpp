// Attestation PKI for the simulated authenticator: a self-signed P-256 test CA and WebAuthn
// "packed" attestation certificates (WebAuthn Level 2, section 8.2.1) issued by it.
//
// Determinism: keys come from the Drbg; serial numbers are derived from the public keys (and the
// AAGUID); the validity period is fixed (kValidityNotBefore .. kValidityNotAfter); the ECDSA
// signature uses an RFC 6979 nonce (crypto/ecdsa_rfc6979.hpp) instead of OpenSSL's RAND. The DER
// output is therefore a pure function of the Drbg state and the arguments: the same seed gives
// byte-identical certificates (and the same DER length) on every run and machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "crypto/ec_p256.hpp"

namespace nk3::crypto {

inline constexpr char kTestCaCommonName[] = "nk3rig Test CA";
inline constexpr char kDefaultAttestationCommonName[] = "nk3rig Simulated NK3 Attestation";
// OID of the FIDO extension id-fido-gen-ce-aaguid.
inline constexpr char kAaguidExtensionOid[] = "1.3.6.1.4.1.45724.1.1.4";
inline constexpr std::size_t kAaguidSize = 16;
// Fixed validity (GeneralizedTime strings; encoded as UTCTime since both are before 2050).
inline constexpr char kValidityNotBefore[] = "20240101000000Z";
inline constexpr char kValidityNotAfter[] = "20491231235959Z";

struct CertificateAuthority {
    P256KeyPair key;
    Bytes certificate_der;
};

// Self-signed CA: subject = issuer = C=DE, O=nk3rig, CN=nk3rig Test CA; X.509 v3;
// basicConstraints critical CA:TRUE; keyUsage critical keyCertSign, cRLSign; subject and
// authority key identifiers. Key = P256KeyPair::generate(drbg). Signed with ECDSA-SHA-256
// (RFC 6979 nonce).
CertificateAuthority create_test_ca(Drbg& drbg);

struct AttestationIdentity {
    P256KeyPair key;
    Bytes certificate_der;
};

// Attestation certificate for `aaguid` (16 bytes, else CryptoError), key drawn from `drbg`,
// signed by `ca`: X.509 v3; subject C=DE, O=nk3rig, OU=Authenticator Attestation,
// CN=common_name; basicConstraints critical CA:FALSE; keyUsage critical digitalSignature;
// non-critical extension 1.3.6.1.4.1.45724.1.1.4 whose extnValue is OCTET STRING { OCTET STRING
// aaguid }; subject/authority key identifiers.
AttestationIdentity issue_attestation_certificate(
    const CertificateAuthority& ca, ByteView aaguid, Drbg& drbg,
    std::string_view common_name = kDefaultAttestationCommonName);

// True iff leaf_der is a certificate signed by the self-signed trust anchor ca_der and valid at
// `at_unix_time` (default: now), checked by OpenSSL's X509_verify_cert in X509_STRICT mode.
// False for any parse or verification failure.
bool verify_chain(ByteView leaf_der, ByteView ca_der,
                  std::optional<std::int64_t> at_unix_time = std::nullopt);

// PEM ("-----BEGIN CERTIFICATE-----") encoding of a DER certificate; throws CryptoError if the
// DER does not parse.
std::string certificate_der_to_pem(ByteView der);

// The fields of a certificate the simulator and the tests need.
struct CertificateInfo {
    long version = 0;     // 3 for X.509 v3
    Bytes serial;         // big-endian magnitude
    std::string subject;  // RFC 2253 form, e.g. "CN=x,OU=y,O=nk3rig,C=DE"
    std::string issuer;
    std::optional<bool> basic_constraints_ca;  // nullopt if the extension is absent
    std::optional<Bytes> aaguid;               // the inner OCTET STRING of the AAGUID extension
    bool aaguid_extension_critical = false;
    Bytes public_key_uncompressed;  // 65 bytes if the key is P-256, else empty
    std::int64_t not_before = 0;    // Unix time
    std::int64_t not_after = 0;
};

// std::nullopt if the DER does not parse as a certificate (or has trailing bytes).
std::optional<CertificateInfo> parse_certificate(ByteView der);

}  // namespace nk3::crypto
