// CTAP1/U2F through libfido2 (fido_dev_force_u2f: CTAPHID_MSG APDUs, polled until touched):
// register with a fido-u2f attestation that verifies and chains to the project CA, authenticate
// with a growing counter, and the U2F key handle still works through CTAP2.
#include <fido.h>
#include <gtest/gtest.h>

#include "crypto/x509_attestation.hpp"
#include "fido/authenticator.hpp"
#include "profile_params.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

class CtapU2fTest : public ::testing::TestWithParam<const char*> {
  protected:
    // libfido2 counts its U2F polling pauses against the timeout: a key that never grants the
    // touch fails the call instead of polling forever.
    static LinkTiming timing() {
        LinkTiming t;
        t.operation_timeout_ms = 10000;
        return t;
    }
};

TEST_P(CtapU2fTest, RegisterAndAuthenticate) {
    VirtualKey key(GetParam(), 1, timing());
    fido_dev_force_u2f(key.dev());
    CredPtr cred;
    const Credential c = key.make_credential({}, nullptr, &cred);
    EXPECT_STREQ(fido_cred_fmt(cred.get()), "fido-u2f");
    EXPECT_EQ(fido_cred_verify(cred.get()), FIDO_OK);
    const unsigned char* x5c = fido_cred_x5c_ptr(cred.get());
    ASSERT_NE(x5c, nullptr);
    EXPECT_TRUE(crypto::verify_chain(crypto::ByteView(x5c, fido_cred_x5c_len(cred.get())),
                                     fido::project_test_ca().certificate_der));

    AssertionRequest r;
    r.allow = {c.id};
    AssertPtr first = key.get_assertion(r);
    EXPECT_EQ(verify_assertion(first.get(), 0, c), FIDO_OK);
    AssertPtr second = key.get_assertion(r);
    EXPECT_EQ(verify_assertion(second.get(), 0, c), FIDO_OK);
    EXPECT_GT(fido_assert_sigcount(second.get(), 0), fido_assert_sigcount(first.get(), 0));
}

TEST_P(CtapU2fTest, AuthenticateWithAnUnknownKeyHandleFails) {
    VirtualKey key(GetParam(), 1, timing());
    fido_dev_force_u2f(key.dev());
    AssertionRequest r;
    r.allow = {Bytes(64, 0x42)};
    // The key answers SW_WRONG_DATA to the check-only request; libfido2 skips the handle and,
    // with none left, reports no credentials.
    EXPECT_EQ(key.try_get_assertion(r), FIDO_ERR_NO_CREDENTIALS);
}

TEST_P(CtapU2fTest, U2fRegistrationWorksThroughCtap2) {
    VirtualKey key(GetParam(), 1, timing());
    fido_dev_force_u2f(key.dev());
    const Credential c = key.make_credential({});
    key.reopen();  // FIDO2 again
    ASSERT_TRUE(fido_dev_is_fido2(key.dev()));
    AssertionRequest r;
    r.allow = {c.id};
    AssertPtr a = key.get_assertion(r);
    EXPECT_EQ(verify_assertion(a.get(), 0, c), FIDO_OK);
}

INSTANTIATE_TEST_SUITE_P(Profiles, CtapU2fTest, ::testing::ValuesIn(kProfiles), ProfileName{});

}  // namespace
}  // namespace nk3::rig::conformance
