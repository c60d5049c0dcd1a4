// The link's own verification of an assertion (rig::verify_assertion: ES256 and EdDSA computed
// with firmware-shim/crypto, verdicts remembered) gives the code libfido2's fido_assert_verify
// gives, for a real assertion of the virtual NK3 and for each way one can be wrong. Each verdict
// is asked twice: the second is the remembered one.
#include <fido.h>
#include <gtest/gtest.h>

#include <string>

#include "profile_params.hpp"
#include "rig/link/fido_link_requests.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

class LinkVerificationTest : public ::testing::TestWithParam<int> {};

rig::Credential link_credential(const Credential& c) {
    rig::Credential out;
    out.rp = c.rp_id;
    out.id = c.id;
    out.public_key = c.public_key;
    out.alg = c.alg == COSE_EDDSA ? rig::Alg::eddsa : rig::Alg::es256;
    return out;
}

// Both verdicts on the statement, the link's twice.
void expect_same_verdict(const fido_assert_t* a, const Credential& c, int expected,
                         const std::string& what) {
    const int libfido2 = verify_assertion(a, 0, c);
    EXPECT_EQ(libfido2, expected) << what;
    EXPECT_EQ(rig::verify_assertion(a, 0, link_credential(c)), libfido2) << what;
    EXPECT_EQ(rig::verify_assertion(a, 0, link_credential(c)), libfido2) << what << " (again)";
}

TEST_P(LinkVerificationTest, GivesLibfido2sVerdictForEveryChange) {
    VirtualKey key("nk3am-1.3.1");
    CredentialRequest request;
    request.alg = GetParam();
    const Credential c = key.make_credential(request);
    CredentialRequest other_request = request;
    other_request.user_id = {0x42};
    const Credential other = key.make_credential(other_request);
    AssertionRequest r;
    r.allow = {c.id};
    r.up = false;

    AssertPtr a = key.get_assertion(r);
    expect_same_verdict(a.get(), c, FIDO_OK, "as the key made it");

    Credential wrong_key = c;
    wrong_key.public_key = other.public_key;
    expect_same_verdict(a.get(), wrong_key, FIDO_ERR_INVALID_SIG, "another credential's key");

    a = key.get_assertion(r);
    const Bytes sig(fido_assert_sig_ptr(a.get(), 0),
                    fido_assert_sig_ptr(a.get(), 0) + fido_assert_sig_len(a.get(), 0));
    Bytes flipped = sig;
    flipped[flipped.size() / 2] ^= 0x01;
    ASSERT_EQ(fido_assert_set_sig(a.get(), 0, flipped.data(), flipped.size()), FIDO_OK);
    expect_same_verdict(a.get(), c, FIDO_ERR_INVALID_SIG, "a signature bit flipped");
    ASSERT_EQ(fido_assert_set_sig(a.get(), 0, sig.data(), sig.size()), FIDO_OK);
    expect_same_verdict(a.get(), c, FIDO_OK, "the signature put back");

    const Bytes other_hash = client_data_hash("another challenge");
    ASSERT_EQ(fido_assert_set_clientdata_hash(a.get(), other_hash.data(), other_hash.size()),
              FIDO_OK);
    expect_same_verdict(a.get(), c, FIDO_ERR_INVALID_SIG, "another clientDataHash");

    a = key.get_assertion(r);
    ASSERT_EQ(fido_assert_set_rp(a.get(), "example.com"), FIDO_OK);
    expect_same_verdict(a.get(), c, FIDO_ERR_INVALID_PARAM, "another rp id");

    // The authenticator data (a CBOR byte string) with its signature counter's last byte changed.
    a = key.get_assertion(r);
    Bytes auth_data(fido_assert_authdata_ptr(a.get(), 0),
                    fido_assert_authdata_ptr(a.get(), 0) + fido_assert_authdata_len(a.get(), 0));
    auth_data.back() ^= 0x01;
    ASSERT_EQ(fido_assert_set_authdata(a.get(), 0, auth_data.data(), auth_data.size()), FIDO_OK);
    expect_same_verdict(a.get(), c, FIDO_ERR_INVALID_SIG, "the signature counter changed");
}

INSTANTIATE_TEST_SUITE_P(Algorithms, LinkVerificationTest,
                         ::testing::Values(COSE_ES256, COSE_EDDSA),
                         [](const ::testing::TestParamInfo<int>& info) {
                             return std::string(info.param == COSE_EDDSA ? "EdDSA" : "ES256");
                         });

}  // namespace
}  // namespace nk3::rig::conformance
