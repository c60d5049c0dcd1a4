// While the key works on a request, the link moves simulated time: keepalives arrive, a held
// request answers when its time comes, libfido2's timeouts expire in simulated time, a key that
// never answers fails the call, and the wait hook can cancel as a second host thread would.
#include <fido.h>
#include <gtest/gtest.h>

#include <chrono>

#include "fake_key.hpp"
#include "request_builders.hpp"
#include "rig/link/sim_fido_device.hpp"

namespace nk3::rig {
namespace {

using namespace std::chrono_literals;
using testing::FakeKey;

TEST(LinkWaitTest, HeldRequestAnswersAfterKeepalivesInSimulatedTime) {
    FakeKey key;
    key.app.cbor.hold_for = 2500ms;
    SimFidoDevice dev(key);
    const SimTime start = key.now();
    CredPtr cred = testing::make_cred_request();

    EXPECT_EQ(fido_dev_make_cred(dev.get(), cred.get(), nullptr), FIDO_ERR_OPERATION_DENIED);

    EXPECT_GE(key.now() - start, 2500ms);
    EXPECT_LT(key.now() - start, 2600ms);
    // One KEEPALIVE every 100 ms while held.
    EXPECT_GE(dev.io().stats().keepalives, 24u);
    EXPECT_LE(dev.io().stats().keepalives, 26u);
    EXPECT_EQ(dev.io().stats().timeouts, 0u);
}

TEST(LinkWaitTest, OperationTimeoutExpiresInSimulatedTimeDespiteKeepalives) {
    FakeKey key;
    key.app.cbor.hold_forever = true;
    LinkTiming timing;
    timing.operation_timeout_ms = 1000;
    SimFidoDevice dev(key, timing);
    const SimTime start = key.now();
    CredPtr cred = testing::make_cred_request();

    EXPECT_EQ(fido_dev_make_cred(dev.get(), cred.get(), nullptr), FIDO_ERR_RX);

    EXPECT_GE(key.now() - start, 1000ms);
    EXPECT_LT(key.now() - start, 1100ms);
    EXPECT_GE(dev.io().stats().keepalives, 9u);
    EXPECT_EQ(dev.io().stats().timeouts, 1u);
}

TEST(LinkWaitTest, WaitWithoutTimeoutIsCapped) {
    FakeKey key;
    key.app.cbor.hold_forever = true;
    LinkTiming timing;
    timing.unbounded_wait = 5s;
    SimFidoDevice dev(key, timing);
    const SimTime start = key.now();
    CredPtr cred = testing::make_cred_request();

    EXPECT_EQ(fido_dev_make_cred(dev.get(), cred.get(), nullptr), FIDO_ERR_RX);

    EXPECT_GE(key.now() - start, 5s);
    EXPECT_LT(key.now() - start, 5100ms);
}

TEST(LinkWaitTest, WaitHookCancelsAHeldRequest) {
    FakeKey key;
    key.app.cbor.hold_forever = true;
    SimFidoDevice dev(key);
    bool cancelled = false;
    dev.io().set_wait_hook([&](SimTime since_request) {
        if (!cancelled && since_request >= 300ms) {
            cancelled = true;
            EXPECT_EQ(fido_dev_cancel(dev.get()), FIDO_OK);
        }
    });
    const SimTime start = key.now();
    CredPtr cred = testing::make_cred_request();

    EXPECT_EQ(fido_dev_make_cred(dev.get(), cred.get(), nullptr), FIDO_ERR_KEEPALIVE_CANCEL);

    EXPECT_TRUE(cancelled);
    EXPECT_EQ(key.app.cancels.size(), 1u);
    EXPECT_GE(key.now() - start, 300ms);
    EXPECT_LT(key.now() - start, 400ms);
}

TEST(LinkWaitTest, TouchStatusPollsEachWaitTheirOwnTimeout) {
    FakeKey key;
    key.app.cbor.hold_for = 550ms;
    key.app.cbor.status = 0x00;
    SimFidoDevice dev(key);
    const SimTime start = key.now();

    ASSERT_EQ(fido_dev_get_touch_begin(dev.get()), FIDO_OK);
    int touched = 0;
    int polls = 0;
    while (!touched && polls < 100) {
        ASSERT_EQ(fido_dev_get_touch_status(dev.get(), &touched, 100), FIDO_OK);
        ++polls;
    }

    EXPECT_EQ(touched, 1);
    EXPECT_EQ(polls, 6);  // five polls of 100 ms time out, the sixth sees the answer at 550 ms
    EXPECT_GE(key.now() - start, 550ms);
}

}  // namespace
}  // namespace nk3::rig
