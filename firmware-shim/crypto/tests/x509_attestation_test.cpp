#include "crypto/x509_attestation.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/openssl_error.hpp"
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

}  // namespace
}  // namespace nk3::crypto
