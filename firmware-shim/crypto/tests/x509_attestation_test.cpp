#include "crypto/x509_attestation.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/openssl_error.hpp"
#include "crypto/ossl_handles.hpp"
#include "crypto/sha.hpp"
#include "crypto/tests/test_util.hpp"

namespace nk3::crypto {
namespace {

using test::hex;
using test::to_hex;

const Bytes kAaguid = hex("e1f2a3b4c5d6e7f8091a2b3c4d5e6f70");

bool contains(ByteView haystack, ByteView needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

std::size_t count(ByteView haystack, ByteView needle) {
    std::size_t n = 0;
    for (auto it = haystack.begin();
         (it = std::search(it, haystack.end(), needle.begin(), needle.end())) != haystack.end();
         ++it) {
        ++n;
    }
    return n;
}

X509Ptr parse_x509(ByteView der) {
    const unsigned char* p = der.data();
    X509Ptr cert{d2i_X509(nullptr, &p, static_cast<long>(der.size()))};
    EXPECT_TRUE(cert && p == der.data() + der.size());
    return cert;
}

class AttestationTest : public ::testing::Test {
  protected:
    Drbg drbg_{2024};
    CertificateAuthority ca_ = create_test_ca(drbg_);
    AttestationIdentity leaf_ = issue_attestation_certificate(ca_, kAaguid, drbg_);
};

TEST_F(AttestationTest, CaCertificateIsASelfSignedV3Ca) {
    const auto info = parse_certificate(ca_.certificate_der);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->version, 3);
    EXPECT_EQ(info->subject, "CN=nk3rig Test CA,O=nk3rig,C=DE");
    EXPECT_EQ(info->issuer, info->subject);
    EXPECT_EQ(info->basic_constraints_ca, std::optional<bool>(true));
    EXPECT_FALSE(info->aaguid.has_value());
    EXPECT_EQ(info->public_key_uncompressed, ca_.key.public_key().uncompressed());
    EXPECT_TRUE(verify_chain(ca_.certificate_der, ca_.certificate_der));

    const std::string pem = certificate_der_to_pem(ca_.certificate_der);
    EXPECT_EQ(pem.rfind("-----BEGIN CERTIFICATE-----\n", 0), 0u);
    EXPECT_NE(pem.find("-----END CERTIFICATE-----"), std::string::npos);
    EXPECT_THROW(certificate_der_to_pem(Bytes{0x30, 0x00}), CryptoError);
}

TEST_F(AttestationTest, LeafMeetsPackedAttestationRequirements) {
    const auto info = parse_certificate(leaf_.certificate_der);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->version, 3);
    EXPECT_EQ(info->subject,
              "CN=nk3rig Simulated NK3 Attestation,OU=Authenticator Attestation,O=nk3rig,C=DE");
    EXPECT_EQ(info->issuer, "CN=nk3rig Test CA,O=nk3rig,C=DE");
    EXPECT_EQ(info->basic_constraints_ca, std::optional<bool>(false));
    ASSERT_TRUE(info->aaguid.has_value());
    EXPECT_EQ(*info->aaguid, kAaguid);
    EXPECT_FALSE(info->aaguid_extension_critical);
    EXPECT_EQ(info->public_key_uncompressed, leaf_.key.public_key().uncompressed());
    EXPECT_EQ(info->not_before, 1704067200);  // 2024-01-01T00:00:00Z
    EXPECT_EQ(info->not_after, 2524607999);   // 2049-12-31T23:59:59Z
    EXPECT_FALSE(info->serial.empty());

    // The raw extension: OID 1.3.6.1.4.1.45724.1.1.4, no critical flag, extnValue =
    // OCTET STRING (18) { OCTET STRING (16) aaguid }.
    Bytes ext =
        hex("060b2b0601040182e51c010104"
            "0412"
            "0410");
    ext.insert(ext.end(), kAaguid.begin(), kAaguid.end());
    EXPECT_TRUE(contains(leaf_.certificate_der, ext));
}

TEST_F(AttestationTest, CustomCommonNameAndAaguidValidation) {
    const auto other = issue_attestation_certificate(ca_, kAaguid, drbg_, "NK3 #2");
    const auto info = parse_certificate(other.certificate_der);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->subject, "CN=NK3 #2,OU=Authenticator Attestation,O=nk3rig,C=DE");
    EXPECT_THROW(issue_attestation_certificate(ca_, Bytes(15, 0), drbg_), CryptoError);
    EXPECT_THROW(issue_attestation_certificate(ca_, kAaguid, drbg_, ""), CryptoError);
}

TEST_F(AttestationTest, ChainVerifiesOnlyAgainstTheIssuingCa) {
    EXPECT_TRUE(verify_chain(leaf_.certificate_der, ca_.certificate_der));
    EXPECT_TRUE(verify_chain(leaf_.certificate_der, ca_.certificate_der, 1800000000));

    // Another CA with the same name but a different key must not verify the leaf.
    Drbg other_drbg(2025);
    const CertificateAuthority other_ca = create_test_ca(other_drbg);
    EXPECT_FALSE(verify_chain(leaf_.certificate_der, other_ca.certificate_der));

    EXPECT_FALSE(verify_chain(leaf_.certificate_der, ca_.certificate_der, 1600000000));  // 2020
    EXPECT_FALSE(verify_chain(leaf_.certificate_der, ca_.certificate_der, 2600000000));  // 2052
    Bytes tampered = leaf_.certificate_der;
    tampered[tampered.size() / 2] ^= 0x01;
    EXPECT_FALSE(verify_chain(tampered, ca_.certificate_der));
    EXPECT_FALSE(verify_chain(Bytes{0x30, 0x03, 0x02, 0x01, 0x00}, ca_.certificate_der));
    EXPECT_FALSE(verify_chain(leaf_.certificate_der, {}));
    Bytes trailing = leaf_.certificate_der;
    trailing.push_back(0x00);
    EXPECT_FALSE(parse_certificate(trailing).has_value());
    // A leaf is not a CA: it cannot anchor another leaf.
    EXPECT_FALSE(verify_chain(leaf_.certificate_der, leaf_.certificate_der));
}

TEST_F(AttestationTest, KeysSerialsAndFieldsAreDeterministic) {
    Drbg again(2024);
    const CertificateAuthority ca2 = create_test_ca(again);
    const AttestationIdentity leaf2 = issue_attestation_certificate(ca2, kAaguid, again);
    EXPECT_EQ(ca2.key.private_bytes(), ca_.key.private_bytes());
    EXPECT_EQ(leaf2.key.private_bytes(), leaf_.key.private_bytes());
    const auto a = parse_certificate(leaf_.certificate_der);
    const auto b = parse_certificate(leaf2.certificate_der);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->serial, b->serial);
    EXPECT_EQ(a->subject, b->subject);
    EXPECT_EQ(a->public_key_uncompressed, b->public_key_uncompressed);
    // Each run's certificate verifies under each run's CA (same CA key).
    EXPECT_TRUE(verify_chain(leaf2.certificate_der, ca_.certificate_der));
    EXPECT_TRUE(verify_chain(leaf_.certificate_der, ca2.certificate_der));

    Drbg different(9999);
    const CertificateAuthority ca3 = create_test_ca(different);
    EXPECT_NE(ca3.key.private_bytes(), ca_.key.private_bytes());
    EXPECT_NE(parse_certificate(ca3.certificate_der)->serial,
              parse_certificate(ca_.certificate_der)->serial);
}

// The signatures are RFC 6979, so the whole DER, not just the tbsCertificate, is reproducible.
TEST_F(AttestationTest, CertificatesAreByteIdenticalForTheSameSeed) {
    Drbg again(2024);
    const CertificateAuthority ca2 = create_test_ca(again);
    const AttestationIdentity leaf2 = issue_attestation_certificate(ca2, kAaguid, again);
    EXPECT_EQ(ca2.certificate_der, ca_.certificate_der);
    EXPECT_EQ(leaf2.certificate_der, leaf_.certificate_der);
    EXPECT_EQ(issue_attestation_certificate(ca2, kAaguid, again, "NK3 #2").certificate_der,
              issue_attestation_certificate(ca_, kAaguid, drbg_, "NK3 #2").certificate_der);
}

// Pinned bytes for seed 2024 (SHA-256 of the DER, and the DER lengths), so that a change in the
// certificate contents, its encoding or the signature scheme shows up here. The signatures were
// cross-checked against an independent Python RFC 6979 implementation over the tbsCertificate,
// with `openssl verify -x509_strict` and python-fido2 0.9.1 _validate_packed_cert. Update the
// values only for an intended change of the certificates.
TEST_F(AttestationTest, CertificateBytesArePinned) {
    EXPECT_EQ(ca_.certificate_der.size(), 460u);
    EXPECT_EQ(to_hex(sha256(ca_.certificate_der)),
              "235dc08ad5fd37182bc4c0cb100792477f917a8cc7d01cfd474f08fd19e165dd");
    EXPECT_EQ(leaf_.certificate_der.size(), 548u);
    EXPECT_EQ(to_hex(sha256(leaf_.certificate_der)),
              "9772728b70da4ca393518df050da380ab877e299e58535b6e5842abcfd37fa20");
}

TEST_F(AttestationTest, SignatureIsRfc6979OverTheTbsCertificate) {
    const P256PublicKey ca_pub = ca_.key.public_key();
    // AlgorithmIdentifier { ecdsa-with-SHA256 } without parameters.
    const Bytes ecdsa_with_sha256 = hex("300a06082a8648ce3d040302");
    for (const Bytes* der : {&ca_.certificate_der, &leaf_.certificate_der}) {
        const X509Ptr cert = parse_x509(*der);
        ASSERT_TRUE(cert);
        EXPECT_EQ(X509_verify(cert.get(), ca_pub.native()), 1);
        EXPECT_EQ(X509_get_signature_nid(cert.get()), NID_ecdsa_with_SHA256);
        // tbsCertificate.signature and signatureAlgorithm.
        EXPECT_EQ(count(*der, ecdsa_with_sha256), 2u);

        unsigned char* tbs_raw = nullptr;
        const int tbs_len = i2d_re_X509_tbs(cert.get(), &tbs_raw);
        ASSERT_GT(tbs_len, 0);
        const Bytes tbs(tbs_raw, tbs_raw + tbs_len);
        OPENSSL_free(tbs_raw);
        const Bytes expected_sig = ca_.key.sign_es256(tbs);
        EXPECT_TRUE(ca_pub.verify_es256(tbs, expected_sig));

        const ASN1_BIT_STRING* sig = nullptr;
        const X509_ALGOR* alg = nullptr;
        X509_get0_signature(&sig, &alg, cert.get());
        ASSERT_NE(sig, nullptr);
        const unsigned char* sig_data = ASN1_STRING_get0_data(sig);
        EXPECT_EQ(Bytes(sig_data, sig_data + ASN1_STRING_length(sig)), expected_sig);
        // The DER ends with BIT STRING { 0 unused bits, DER signature }.
        Bytes bit_string{0x03, static_cast<std::uint8_t>(expected_sig.size() + 1), 0x00};
        bit_string.insert(bit_string.end(), expected_sig.begin(), expected_sig.end());
        ASSERT_GE(der->size(), bit_string.size());
        EXPECT_TRUE(std::equal(bit_string.begin(), bit_string.end(),
                               der->end() - static_cast<std::ptrdiff_t>(bit_string.size())));
    }
    const X509Ptr leaf = parse_x509(leaf_.certificate_der);
    ASSERT_TRUE(leaf);
    EXPECT_NE(X509_verify(leaf.get(), leaf_.key.public_key().native()), 1);
    clear_openssl_errors();
}

}  // namespace
}  // namespace nk3::crypto
