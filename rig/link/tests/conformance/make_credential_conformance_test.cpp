// authenticatorMakeCredential through libfido2: ES256 and EdDSA, resident or not, excludeList,
// credProtect, hmac-secret, and the packed attestation: its signature (fido_cred_verify), its
// certificate chained to the project's test CA, the AAGUID in authData and in the certificate.
#include <fido.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>

#include "crypto/x509_attestation.hpp"
#include "fido/authenticator.hpp"
#include "profile_params.hpp"
#include "rig/link/fido_error.hpp"
#include "rig/link/fido_link_requests.hpp"
#include "rig/link/host_crypto_counts.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

constexpr std::uint8_t kFlagUp = 0x01;
constexpr std::uint8_t kFlagUv = 0x04;
constexpr std::uint8_t kFlagAt = 0x40;

class CtapMakeCredentialTest : public ::testing::TestWithParam<const char*> {};

Bytes x5c_of(const fido_cred_t* cred) {
    const unsigned char* p = fido_cred_x5c_ptr(cred);
    return p ? Bytes(p, p + fido_cred_x5c_len(cred)) : Bytes{};
}

TEST_P(CtapMakeCredentialTest, Es256NonResidentWithPackedAttestation) {
    VirtualKey key(GetParam());
    CredPtr cred;
    const Credential c = key.make_credential({}, nullptr, &cred);

    EXPECT_FALSE(c.id.empty());
    EXPECT_EQ(c.alg, COSE_ES256);
    EXPECT_EQ(c.public_key.size(), 64u);
    EXPECT_STREQ(fido_cred_fmt(cred.get()), "packed");
    EXPECT_EQ(fido_cred_flags(cred.get()) & (kFlagUp | kFlagAt), kFlagUp | kFlagAt);
    EXPECT_EQ(fido_cred_flags(cred.get()) & kFlagUv, 0);
    EXPECT_EQ(fido_cred_verify(cred.get()), FIDO_OK);
}

// A copy of `cred`'s answer in a fresh fido_cred_t (the attestation statement as the key sent
// it, in CBOR), with the signature's last byte flipped and/or another rp id.
CredPtr copy_of(const fido_cred_t* cred, bool flip_signature, const char* rp) {
    CredPtr out = make_cred();
    const Bytes sig(fido_cred_sig_ptr(cred), fido_cred_sig_ptr(cred) + fido_cred_sig_len(cred));
    Bytes stmt(fido_cred_attstmt_ptr(cred),
               fido_cred_attstmt_ptr(cred) + fido_cred_attstmt_len(cred));
    if (flip_signature) {
        const auto at = std::search(stmt.begin(), stmt.end(), sig.begin(), sig.end());
        EXPECT_NE(at, stmt.end());
        if (at != stmt.end()) *(at + static_cast<std::ptrdiff_t>(sig.size()) - 1) ^= 0x01;
    }
    EXPECT_EQ(fido_cred_set_type(out.get(), fido_cred_type(cred)), FIDO_OK);
    EXPECT_EQ(fido_cred_set_clientdata_hash(out.get(), fido_cred_clientdata_hash_ptr(cred),
                                            fido_cred_clientdata_hash_len(cred)),
              FIDO_OK);
    EXPECT_EQ(fido_cred_set_rp(out.get(), rp, nullptr), FIDO_OK);
    EXPECT_EQ(fido_cred_set_authdata_raw(out.get(), fido_cred_authdata_raw_ptr(cred),
                                         fido_cred_authdata_raw_len(cred)),
              FIDO_OK);
    EXPECT_EQ(fido_cred_set_attstmt(out.get(), stmt.data(), stmt.size()), FIDO_OK);
    EXPECT_EQ(fido_cred_set_fmt(out.get(), fido_cred_fmt(cred)), FIDO_OK);
    return out;
}

// The link checks packed attestations with the certificate's key kept in a cache; it must say
// what fido_cred_verify says, for a good statement and for a broken one.
TEST_P(CtapMakeCredentialTest, TheLinksAttestationCheckAgreesWithLibfido2) {
    VirtualKey key(GetParam());
    CredPtr cred;
    key.make_credential({}, nullptr, &cred);
    const char* rp = fido_cred_rp_id(cred.get());
    ASSERT_NE(rp, nullptr);
    for (int twice = 0; twice < 2; ++twice) {  // the second time from the cache
        const Attestation a = attestation_of(cred.get());
        EXPECT_TRUE(a.has_x5c);
        EXPECT_TRUE(a.signature_valid);
        EXPECT_EQ(fido_cred_verify(cred.get()), FIDO_OK);
    }
    const auto left_to_libfido2 = host_crypto_counts().x509_parse;
    const CredPtr same = copy_of(cred.get(), false, rp);
    EXPECT_EQ(fido_cred_verify(same.get()), FIDO_OK);
    EXPECT_TRUE(attestation_of(same.get()).signature_valid);
    const CredPtr bad_sig = copy_of(cred.get(), true, rp);
    EXPECT_NE(fido_cred_verify(bad_sig.get()), FIDO_OK);
    EXPECT_FALSE(attestation_of(bad_sig.get()).signature_valid);
    const CredPtr other_rp = copy_of(cred.get(), false, "other.example");
    EXPECT_NE(fido_cred_verify(other_rp.get()), FIDO_OK);
    EXPECT_FALSE(attestation_of(other_rp.get()).signature_valid);
    EXPECT_EQ(host_crypto_counts().x509_parse, left_to_libfido2);  // all checked by the link
}

TEST_P(CtapMakeCredentialTest, AttestationCertificateChainsToTheProjectCa) {
    VirtualKey key(GetParam());
    CredPtr cred;
    key.make_credential({}, nullptr, &cred);
    const Bytes x5c = x5c_of(cred.get());
    ASSERT_FALSE(x5c.empty()) << "x5c not found";
    EXPECT_TRUE(crypto::verify_chain(x5c, fido::project_test_ca().certificate_der));

    const auto& aaguid = key.profile().fido.aaguid;
    ASSERT_EQ(fido_cred_aaguid_len(cred.get()), aaguid.size());
    EXPECT_TRUE(std::equal(aaguid.begin(), aaguid.end(), fido_cred_aaguid_ptr(cred.get())));
    const auto info = crypto::parse_certificate(x5c);
    ASSERT_TRUE(info.has_value());
    ASSERT_TRUE(info->aaguid.has_value());
    EXPECT_EQ(*info->aaguid, Bytes(aaguid.begin(), aaguid.end()));
    EXPECT_EQ(info->basic_constraints_ca, false);
}

TEST_P(CtapMakeCredentialTest, EdDsaCredentialVerifies) {
    VirtualKey key(GetParam());
    CredentialRequest r;
    r.alg = COSE_EDDSA;
    r.rp_id = "ssh:";
    CredPtr cred;
    const Credential c = key.make_credential(r, nullptr, &cred);
    EXPECT_EQ(c.alg, COSE_EDDSA);
    EXPECT_EQ(c.public_key.size(), 32u);
    EXPECT_EQ(fido_cred_verify(cred.get()), FIDO_OK);

    AssertionRequest a;
    a.rp_id = "ssh:";
    a.allow = {c.id};
    AssertPtr assertion = key.get_assertion(a);
    EXPECT_EQ(verify_assertion(assertion.get(), 0, c), FIDO_OK);
}

TEST_P(CtapMakeCredentialTest, ResidentCredentialIsDiscoverable) {
    VirtualKey key(GetParam());
    CredentialRequest r;
    r.resident = true;
    const Credential c = key.make_credential(r);

    AssertPtr a = key.get_assertion({});
    ASSERT_EQ(fido_assert_count(a.get()), 1u);
    EXPECT_EQ(assert_id(a.get(), 0), c.id);
    EXPECT_EQ(assert_user_id(a.get(), 0), r.user_id);
    EXPECT_EQ(verify_assertion(a.get(), 0, c), FIDO_OK);
}

TEST_P(CtapMakeCredentialTest, NonResidentCredentialIsNotDiscoverable) {
    VirtualKey key(GetParam());
    key.make_credential({});
    EXPECT_EQ(key.try_get_assertion({}), FIDO_ERR_NO_CREDENTIALS);
}

TEST_P(CtapMakeCredentialTest, ExcludeListRefusesAKnownCredential) {
    VirtualKey key(GetParam());
    const Credential first = key.make_credential({});
    CredentialRequest again;
    again.exclude = {Bytes(16, 0x55), first.id};
    CredPtr cred = credential_request(again);
    EXPECT_EQ(fido_dev_make_cred(key.dev(), cred.get(), nullptr), FIDO_ERR_CREDENTIAL_EXCLUDED);

    // Ids the key does not know do not exclude anything.
    CredentialRequest unknown;
    unknown.exclude = {Bytes(16, 0x55)};
    EXPECT_NO_THROW(key.make_credential(unknown));
}

TEST_P(CtapMakeCredentialTest, ExcludeListOnlyMatchesItsRp) {
    VirtualKey key(GetParam());
    const Credential first = key.make_credential({});
    CredentialRequest other;
    other.rp_id = "example.com";
    other.exclude = {first.id};
    EXPECT_NO_THROW(key.make_credential(other));
}

TEST_P(CtapMakeCredentialTest, CredProtectLevelIsReturned) {
    VirtualKey key(GetParam());
    CredentialRequest r;
    r.resident = true;
    r.extensions = FIDO_EXT_CRED_PROTECT;
    r.cred_protect = FIDO_CRED_PROT_UV_OPTIONAL_WITH_ID;
    CredPtr cred;
    key.make_credential(r, nullptr, &cred);
    EXPECT_EQ(fido_cred_prot(cred.get()), FIDO_CRED_PROT_UV_OPTIONAL_WITH_ID);
}

TEST_P(CtapMakeCredentialTest, CredProtectOptionalWithIdHidesFromDiscoveryWithoutUv) {
    VirtualKey key(GetParam());
    CredentialRequest r;
    r.resident = true;
    r.extensions = FIDO_EXT_CRED_PROTECT;
    r.cred_protect = FIDO_CRED_PROT_UV_OPTIONAL_WITH_ID;
    const Credential c = key.make_credential(r);

    EXPECT_EQ(key.try_get_assertion({}), FIDO_ERR_NO_CREDENTIALS);
    AssertionRequest by_id;
    by_id.allow = {c.id};
    AssertPtr a = key.get_assertion(by_id);
    EXPECT_EQ(verify_assertion(a.get(), 0, c), FIDO_OK);
}

TEST_P(CtapMakeCredentialTest, CredProtectUvRequiredNeedsUv) {
    VirtualKey key(GetParam());
    CredentialRequest r;
    r.resident = true;
    r.extensions = FIDO_EXT_CRED_PROTECT;
    r.cred_protect = FIDO_CRED_PROT_UV_REQUIRED;
    const Credential c = key.make_credential(r);

    AssertionRequest by_id;
    by_id.allow = {c.id};
    EXPECT_EQ(key.try_get_assertion(by_id), FIDO_ERR_NO_CREDENTIALS);
    EXPECT_EQ(key.try_get_assertion({}), FIDO_ERR_NO_CREDENTIALS);
}

TEST_P(CtapMakeCredentialTest, HmacSecretCredentialAnswersSalts) {
    VirtualKey key(GetParam());
    CredentialRequest r;
    r.extensions = FIDO_EXT_HMAC_SECRET;
    const Credential c = key.make_credential(r);

    AssertionRequest a;
    a.allow = {c.id};
    a.hmac_salt = Bytes(32, 0x11);
    const Bytes first = hmac_secret(key.get_assertion(a).get(), 0);
    const Bytes again = hmac_secret(key.get_assertion(a).get(), 0);
    a.hmac_salt = Bytes(32, 0x22);
    const Bytes other = hmac_secret(key.get_assertion(a).get(), 0);
    EXPECT_EQ(first.size(), 32u);
    EXPECT_EQ(first, again);
    EXPECT_NE(first, other);
}

TEST_P(CtapMakeCredentialTest, HmacSecretDiffersBetweenCredentials) {
    VirtualKey key(GetParam());
    CredentialRequest r;
    r.extensions = FIDO_EXT_HMAC_SECRET;
    const Credential one = key.make_credential(r);
    r.user_id = {0x0b, 0x0b};
    const Credential two = key.make_credential(r);

    AssertionRequest a;
    a.hmac_salt = Bytes(32, 0x11);
    a.allow = {one.id};
    const Bytes s1 = hmac_secret(key.get_assertion(a).get(), 0);
    a.allow = {two.id};
    const Bytes s2 = hmac_secret(key.get_assertion(a).get(), 0);
    EXPECT_EQ(s1.size(), 32u);
    EXPECT_NE(s1, s2);
}

TEST_P(CtapMakeCredentialTest, ResidentStorageFullIsReported) {
    VirtualKey key(GetParam());
    const std::uint32_t max = key.profile().fido.max_resident_credentials;
    CredentialRequest r;
    r.resident = true;
    if (max == 0) {
        // fido-authenticator 0.1.1 has no resident limit: only the filesystem bounds them.
        for (std::uint32_t i = 0; i < 12; ++i) {
            r.user_id = {0x10, static_cast<std::uint8_t>(i)};
            ASSERT_NO_THROW(key.make_credential(r)) << "resident credential " << i;
        }
        return;
    }
    for (std::uint32_t i = 0; i < max; ++i) {
        r.user_id = {0x10, static_cast<std::uint8_t>(i)};
        ASSERT_NO_THROW(key.make_credential(r)) << "resident credential " << i;
    }
    r.user_id = {0x20};
    CredPtr cred = credential_request(r);
    EXPECT_EQ(fido_dev_make_cred(key.dev(), cred.get(), nullptr), FIDO_ERR_KEY_STORE_FULL);
    // Non-resident credentials take no storage.
    EXPECT_NO_THROW(key.make_credential({}));
}

TEST_P(CtapMakeCredentialTest, UnsupportedAlgorithmIsRefused) {
    VirtualKey key(GetParam());
    CredentialRequest r;
    r.alg = COSE_RS256;
    CredPtr cred = credential_request(r);
    EXPECT_EQ(fido_dev_make_cred(key.dev(), cred.get(), nullptr), FIDO_ERR_UNSUPPORTED_ALGORITHM);
}

TEST_P(CtapMakeCredentialTest, HmacSecretWithTwoSalts) {
    VirtualKey key(GetParam());
    CredentialRequest r;
    r.extensions = FIDO_EXT_HMAC_SECRET;
    const Credential c = key.make_credential(r);

    AssertionRequest a;
    a.allow = {c.id};
    a.hmac_salt = Bytes(32, 0x11);
    const Bytes one = hmac_secret(key.get_assertion(a).get(), 0);
    Bytes two_salts(32, 0x11);
    two_salts.insert(two_salts.end(), 32, 0x22);
    a.hmac_salt = two_salts;
    const Bytes both = hmac_secret(key.get_assertion(a).get(), 0);
    ASSERT_EQ(both.size(), 64u);
    EXPECT_EQ(Bytes(both.begin(), both.begin() + 32), one);
    EXPECT_NE(Bytes(both.begin() + 32, both.end()), one);
}

TEST_P(CtapMakeCredentialTest, ResidentCredentialForTheSameUserIsReplaced) {
    VirtualKey key(GetParam());
    CredentialRequest r;
    r.resident = true;
    key.make_credential(r);
    r.display_name = "Alice Again";
    const Credential second = key.make_credential(r);

    AssertPtr a = key.get_assertion({});
    ASSERT_EQ(fido_assert_count(a.get()), 1u);
    EXPECT_EQ(assert_id(a.get(), 0), second.id);
}

INSTANTIATE_TEST_SUITE_P(Profiles, CtapMakeCredentialTest, ::testing::ValuesIn(kProfiles),
                         ProfileName{});

}  // namespace
}  // namespace nk3::rig::conformance
