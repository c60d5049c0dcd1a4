// authenticatorReset through libfido2: allowed only within 10 s (simulated) of power-up, then
// every credential and the PIN are gone while the attestation stays; refused later with
// NOT_ALLOWED and nothing changes.
#include <fido.h>
#include <gtest/gtest.h>

#include "profile_params.hpp"
#include "rig/link/fido_handles.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

using namespace std::chrono_literals;

constexpr char kPin[] = "123456";

class CtapResetTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CtapResetTest, ResetRightAfterPowerUpWipesCredentialsAndPin) {
    VirtualKey key(GetParam());
    const Credential non_resident = key.make_credential({});
    CredentialRequest r;
    r.resident = true;
    key.make_credential(r);
    ASSERT_EQ(fido_dev_set_pin(key.dev(), kPin, nullptr), FIDO_OK);

    key.power_cycle();
    ASSERT_EQ(fido_dev_reset(key.dev()), FIDO_OK);

    AssertionRequest by_id;
    by_id.allow = {non_resident.id};
    EXPECT_EQ(key.try_get_assertion(by_id), FIDO_ERR_NO_CREDENTIALS);
    EXPECT_EQ(key.try_get_assertion({}), FIDO_ERR_NO_CREDENTIALS);
    key.reopen();
    EXPECT_FALSE(fido_dev_has_pin(key.dev()));
}

TEST_P(CtapResetTest, ResetKeepsTheAttestation) {
    VirtualKey key(GetParam());
    key.power_cycle();
    ASSERT_EQ(fido_dev_reset(key.dev()), FIDO_OK);
    CredPtr cred;
    key.make_credential({}, nullptr, &cred);
    EXPECT_STREQ(fido_cred_fmt(cred.get()), "packed");
    EXPECT_GT(fido_cred_x5c_len(cred.get()), 0u);
    EXPECT_EQ(fido_cred_verify(cred.get()), FIDO_OK);
}

TEST_P(CtapResetTest, ResetAfterTheWindowIsRefused) {
    VirtualKey key(GetParam());
    const Credential c = key.make_credential({});
    key.power_cycle();
    key.idle(key.profile().fido.reset_window + 1s);
    EXPECT_EQ(fido_dev_reset(key.dev()), FIDO_ERR_NOT_ALLOWED);

    AssertionRequest by_id;
    by_id.allow = {c.id};
    EXPECT_EQ(verify_assertion(key.get_assertion(by_id).get(), 0, c), FIDO_OK);
}

TEST_P(CtapResetTest, ResetJustInsideTheWindowIsAllowed) {
    VirtualKey key(GetParam());
    key.make_credential({});
    key.power_cycle();
    // The touch takes 200 ms (simulated) of the window.
    key.idle(key.profile().fido.reset_window - 1s);
    EXPECT_EQ(fido_dev_reset(key.dev()), FIDO_OK);
}

INSTANTIATE_TEST_SUITE_P(Profiles, CtapResetTest, ::testing::ValuesIn(kProfiles), ProfileName{});

}  // namespace
}  // namespace nk3::rig::conformance
