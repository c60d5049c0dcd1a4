// authenticatorGetAssertion / getNextAssertion through libfido2: allowList, discoverable
// credentials (libfido2 collects every one with getNextAssertion), up=false, signatures checked
// with fido_assert_verify, and the signature counter: growing with every use and kept over
// power cycles.
#include <fido.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "profile_params.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

using namespace std::chrono_literals;

constexpr std::uint8_t kFlagUp = 0x01;

class CtapGetAssertionTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CtapGetAssertionTest, AllowListSignsWithTheListedCredential) {
    VirtualKey key(GetParam());
    const Credential c = key.make_credential({});
    AssertionRequest r;
    r.allow = {Bytes(32, 0x01), c.id};
    AssertPtr a = key.get_assertion(r);
    ASSERT_EQ(fido_assert_count(a.get()), 1u);
    EXPECT_EQ(assert_id(a.get(), 0), c.id);
    EXPECT_NE(fido_assert_flags(a.get(), 0) & kFlagUp, 0);
    EXPECT_EQ(verify_assertion(a.get(), 0, c), FIDO_OK);
}

TEST_P(CtapGetAssertionTest, SignatureDoesNotVerifyWithAnotherKey) {
    VirtualKey key(GetParam());
    const Credential c = key.make_credential({});
    CredentialRequest other_request;
    other_request.user_id = {0x99};
    const Credential other = key.make_credential(other_request);
    AssertionRequest r;
    r.allow = {c.id};
    AssertPtr a = key.get_assertion(r);
    Credential wrong = c;
    wrong.public_key = other.public_key;
    EXPECT_NE(verify_assertion(a.get(), 0, wrong), FIDO_OK);
}

TEST_P(CtapGetAssertionTest, UnknownCredentialIdAnswersNoCredentials) {
    VirtualKey key(GetParam());
    key.make_credential({});
    AssertionRequest r;
    r.allow = {Bytes(48, 0x42)};
    EXPECT_EQ(key.try_get_assertion(r), FIDO_ERR_NO_CREDENTIALS);
}

TEST_P(CtapGetAssertionTest, CredentialIdIsBoundToItsRp) {
    VirtualKey key(GetParam());
    const Credential c = key.make_credential({});
    AssertionRequest r;
    r.rp_id = "evil.example";
    r.allow = {c.id};
    EXPECT_EQ(key.try_get_assertion(r), FIDO_ERR_NO_CREDENTIALS);
}

TEST_P(CtapGetAssertionTest, DiscoverableCredentialsAreAllReturned) {
    VirtualKey key(GetParam());
    std::vector<Credential> made;
    for (std::uint8_t u = 1; u <= 3; ++u) {
        CredentialRequest r;
        r.resident = true;
        r.user_id = {u, u, u};
        r.user_name = "user" + std::to_string(u);
        made.push_back(key.make_credential(r));
    }
    CredentialRequest elsewhere;
    elsewhere.resident = true;
    elsewhere.rp_id = "example.com";
    key.make_credential(elsewhere);

    AssertPtr a = key.get_assertion({});
    ASSERT_EQ(fido_assert_count(a.get()), 3u);
    std::set<Bytes> users;
    for (std::size_t i = 0; i < fido_assert_count(a.get()); ++i) {
        const Bytes id = assert_id(a.get(), i);
        const auto it =
            std::find_if(made.begin(), made.end(), [&](const Credential& c) { return c.id == id; });
        ASSERT_NE(it, made.end());
        EXPECT_EQ(assert_user_id(a.get(), i), it->user_id);
        EXPECT_EQ(verify_assertion(a.get(), i, *it), FIDO_OK);
        users.insert(it->user_id);
    }
    EXPECT_EQ(users.size(), 3u);
}

TEST_P(CtapGetAssertionTest, UpFalseSignsWithoutPresence) {
    VirtualKey key(GetParam());
    const Credential c = key.make_credential({});
    key.idle(3s);  // past the touch-free window after power-up
    key.nk3().set_button({device::ButtonConfig::Mode::refuse});
    AssertionRequest r;
    r.allow = {c.id};
    r.up = false;
    AssertPtr a = key.get_assertion(r);
    EXPECT_EQ(fido_assert_flags(a.get(), 0) & kFlagUp, 0);
    EXPECT_EQ(verify_assertion(a.get(), 0, c), FIDO_OK);
}

TEST_P(CtapGetAssertionTest, SignatureCounterGrowsWithEveryUse) {
    VirtualKey key(GetParam());
    const Credential c = key.make_credential({});
    AssertionRequest r;
    r.allow = {c.id};
    std::uint32_t last = 0;
    for (int i = 0; i < 5; ++i) {
        AssertPtr a = key.get_assertion(r);
        const std::uint32_t count = fido_assert_sigcount(a.get(), 0);
        EXPECT_GT(count, last) << "use " << i;
        last = count;
    }
}

TEST_P(CtapGetAssertionTest, SignatureCounterSurvivesPowerCycles) {
    VirtualKey key(GetParam());
    const Credential c = key.make_credential({});
    AssertionRequest r;
    r.allow = {c.id};
    std::uint32_t last = fido_assert_sigcount(key.get_assertion(r).get(), 0);
    for (int cycle = 0; cycle < 3; ++cycle) {
        key.power_cycle();
        AssertPtr a = key.get_assertion(r);
        const std::uint32_t count = fido_assert_sigcount(a.get(), 0);
        EXPECT_GT(count, last) << "after power cycle " << cycle;
        EXPECT_EQ(verify_assertion(a.get(), 0, c), FIDO_OK);
        last = count;
    }
}

TEST_P(CtapGetAssertionTest, CredentialsSurvivePowerCycles) {
    VirtualKey key(GetParam());
    const Credential non_resident = key.make_credential({});
    CredentialRequest rk;
    rk.resident = true;
    rk.rp_id = "example.com";
    const Credential resident = key.make_credential(rk);
    key.power_cycle();

    AssertionRequest by_id;
    by_id.allow = {non_resident.id};
    EXPECT_EQ(verify_assertion(key.get_assertion(by_id).get(), 0, non_resident), FIDO_OK);
    AssertionRequest discover;
    discover.rp_id = "example.com";
    AssertPtr a = key.get_assertion(discover);
    ASSERT_EQ(fido_assert_count(a.get()), 1u);
    EXPECT_EQ(verify_assertion(a.get(), 0, resident), FIDO_OK);
}

INSTANTIATE_TEST_SUITE_P(Profiles, CtapGetAssertionTest, ::testing::ValuesIn(kProfiles),
                         ProfileName{});

}  // namespace
}  // namespace nk3::rig::conformance
