// User presence through libfido2: a refused touch (OPERATION_DENIED), a touch that never comes
// (USER_ACTION_TIMEOUT after the key's timeout, in simulated time), CTAPHID_CANCEL sent with
// fido_dev_cancel while the key waits for the button (KEEPALIVE_CANCEL), and the first
// assertion after power-up that needs no touch.
#include <fido.h>
#include <gtest/gtest.h>

#include "profile_params.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

using namespace std::chrono_literals;
using Mode = device::ButtonConfig::Mode;

class CtapPresenceTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CtapPresenceTest, RefusedTouchDeniesMakeCredential) {
    VirtualKey key(GetParam());
    key.nk3().set_button({Mode::refuse});
    CredPtr cred = credential_request({});
    EXPECT_EQ(fido_dev_make_cred(key.dev(), cred.get(), nullptr), FIDO_ERR_OPERATION_DENIED);
}

TEST_P(CtapPresenceTest, RefusedTouchDeniesGetAssertion) {
    VirtualKey key(GetParam());
    const Credential c = key.make_credential({});
    key.idle(3s);  // past the touch-free window after power-up
    key.nk3().set_button({Mode::refuse});
    AssertionRequest r;
    r.allow = {c.id};
    EXPECT_EQ(key.try_get_assertion(r), FIDO_ERR_OPERATION_DENIED);
}

TEST_P(CtapPresenceTest, FirstAssertionAfterPowerUpNeedsNoTouch) {
    VirtualKey key(GetParam());
    const Credential c = key.make_credential({});
    key.power_cycle(2s);
    key.nk3().set_button({Mode::refuse});
    AssertionRequest r;
    r.allow = {c.id};
    AssertPtr a = key.get_assertion(r);
    EXPECT_EQ(verify_assertion(a.get(), 0, c), FIDO_OK);
    // Only the first one.
    EXPECT_EQ(key.try_get_assertion(r), FIDO_ERR_OPERATION_DENIED);
}

TEST_P(CtapPresenceTest, TouchThatNeverComesTimesOut) {
    VirtualKey key(GetParam());
    device::ButtonConfig hold{Mode::hold};
    hold.timeout = 30s;
    key.nk3().set_button(hold);
    const SimTime start = key.nk3().now();
    CredPtr cred = credential_request({});
    EXPECT_EQ(fido_dev_make_cred(key.dev(), cred.get(), nullptr), FIDO_ERR_USER_ACTION_TIMEOUT);
    EXPECT_GE(key.nk3().now() - start, 30s);
}

TEST_P(CtapPresenceTest, CancelWhileTheButtonIsHeld) {
    VirtualKey key(GetParam());
    key.nk3().set_button({Mode::hold});
    bool cancelled = false;
    key.link().io().set_wait_hook([&](SimTime since_request) {
        if (!cancelled && since_request >= 500ms) {
            cancelled = true;
            EXPECT_EQ(fido_dev_cancel(key.dev()), FIDO_OK);
        }
    });
    CredPtr cred = credential_request({});
    EXPECT_EQ(fido_dev_make_cred(key.dev(), cred.get(), nullptr), FIDO_ERR_KEEPALIVE_CANCEL);
    EXPECT_TRUE(cancelled);
    EXPECT_GE(key.link().io().stats().keepalives, 4u);

    // The key is free again afterwards.
    key.link().io().set_wait_hook({});
    key.nk3().set_button({});
    EXPECT_NO_THROW(key.make_credential({}));
}

TEST_P(CtapPresenceTest, TouchPollingWithGetTouchStatus) {
    VirtualKey key(GetParam());
    ASSERT_EQ(fido_dev_get_touch_begin(key.dev()), FIDO_OK);
    int touched = 0;
    int polls = 0;
    while (!touched && polls < 100) {
        ASSERT_EQ(fido_dev_get_touch_status(key.dev(), &touched, 50), FIDO_OK);
        ++polls;
    }
    EXPECT_EQ(touched, 1);
    EXPECT_GT(polls, 1);  // the default touch comes 200 ms (simulated) after the request
}

INSTANTIATE_TEST_SUITE_P(Profiles, CtapPresenceTest, ::testing::ValuesIn(kProfiles), ProfileName{});

}  // namespace
}  // namespace nk3::rig::conformance
