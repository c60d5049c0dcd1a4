// The simulated button: KEEPALIVE UPNEEDED while a request waits, press, refuse, hold with
// cancel or timeout, a button change while waiting, and the U2F touch latch.

#include <gtest/gtest.h>

#include <algorithm>

#include "cbor/encode.hpp"
#include "ctaphid/commands.hpp"
#include "ctaphid/packet.hpp"
#include "device/touch_button.hpp"
#include "test_host.hpp"

namespace nk3::device {
namespace {

using namespace testing;

Bytes make_credential_request(const std::string& user) {
    Bytes r{ctap::kMakeCredential};
    const Bytes body = cbor::encode(make_credential_params("example.org", user));
    r.insert(r.end(), body.begin(), body.end());
    return r;
}

bool saw(const std::vector<std::uint8_t>& statuses, std::uint8_t status) {
    return std::find(statuses.begin(), statuses.end(), status) != statuses.end();
}

struct Fixture {
    explicit Fixture(const ButtonConfig& button) : key(profile("nk3am-1.3.1"), 11), host(key) {
        key.set_button(button);
        cid = host.init().value_or(0);
        EXPECT_NE(cid, 0u);
        // The host's first probe: the power-up's first request writes trussed's rng-state
        // (flash time the touch timings below must not include).
        EXPECT_TRUE(host.cbor(cid, ctap::kGetInfo));
        key.advance(3s);  // past the touch-free assertion window of power-up
    }
    VirtualNk3 key;
    TestHost host;
    std::uint32_t cid = 0;
};

TEST(TouchButton, DecisionsFollowTheConfiguration) {
    const SimTime t0 = 1s;
    auto d = decide_touch({ButtonConfig::Mode::press_after, 200ms, 30s}, t0);
    EXPECT_EQ(d.presence, fido::Presence::granted);
    EXPECT_EQ(d.at, t0 + 200ms);
    d = decide_touch({ButtonConfig::Mode::refuse, 50ms, 30s}, t0);
    EXPECT_EQ(d.presence, fido::Presence::denied);
    EXPECT_EQ(d.at, t0 + 50ms);
    d = decide_touch({ButtonConfig::Mode::hold, 50ms, 3s}, t0);
    EXPECT_EQ(d.presence, fido::Presence::timed_out);
    EXPECT_EQ(d.at, t0 + 3s);
    d = decide_touch({ButtonConfig::Mode::press_after, 40s, 30s}, t0);  // too late
    EXPECT_EQ(d.presence, fido::Presence::timed_out);
    EXPECT_EQ(d.at, t0 + 30s);
}

TEST(TouchButton, PressAfterDelayGrantsWithUpNeededMeanwhile) {
    Fixture f({ButtonConfig::Mode::press_after, 500ms, 30s});
    const auto answer = f.host.transact(f.cid, ctaphid::cmd::kCbor, make_credential_request("a"));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->payload.at(0), ctap::kOk);
    EXPECT_TRUE(saw(f.host.keepalives(), ctaphid::keepalive::kUpNeeded));
    EXPECT_FALSE(f.key.waiting_for_touch());
}

TEST(TouchButton, RefuseDenies) {
    Fixture f({ButtonConfig::Mode::refuse, 300ms, 30s});
    const auto answer = f.host.transact(f.cid, ctaphid::cmd::kCbor, make_credential_request("a"));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->payload, Bytes{ctap::kErrOperationDenied});
    EXPECT_TRUE(saw(f.host.keepalives(), ctaphid::keepalive::kUpNeeded));
}

TEST(TouchButton, HoldThenCancel) {
    Fixture f({ButtonConfig::Mode::hold, 0ms, 30s});
    f.host.send(f.cid, ctaphid::cmd::kCbor, make_credential_request("a"));
    EXPECT_FALSE(f.host.receive(f.cid, 1s).has_value());  // only keepalives for a second
    EXPECT_TRUE(f.key.waiting_for_touch());
    EXPECT_TRUE(saw(f.host.keepalives(), ctaphid::keepalive::kUpNeeded));
    f.key.write(ctaphid::encode_init(f.cid, ctaphid::cmd::kCancel, 0, {}));
    const auto answer = f.host.receive(f.cid, 1s);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->cmd, ctaphid::cmd::kCbor);
    EXPECT_EQ(answer->payload, Bytes{ctap::kErrKeepaliveCancel});
    EXPECT_FALSE(f.key.waiting_for_touch());
    // The channel is free again.
    const auto ping = f.host.transact(f.cid, ctaphid::cmd::kPing, {1, 2});
    ASSERT_TRUE(ping);
    EXPECT_EQ(ping->payload, (Bytes{1, 2}));
}

TEST(TouchButton, HoldTimesOut) {
    Fixture f({ButtonConfig::Mode::hold, 0ms, 3s});
    f.host.send(f.cid, ctaphid::cmd::kCbor, make_credential_request("a"));
    EXPECT_FALSE(f.host.receive(f.cid, 2s).has_value());
    const auto answer = f.host.receive(f.cid, 5s);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->payload, Bytes{ctap::kErrUserActionTimeout});
}

TEST(TouchButton, PressingWhileARequestWaitsSettlesIt) {
    Fixture f({ButtonConfig::Mode::hold, 0ms, 30s});
    f.host.send(f.cid, ctaphid::cmd::kCbor, make_credential_request("a"));
    EXPECT_FALSE(f.host.receive(f.cid, 2s).has_value());
    f.key.set_button({ButtonConfig::Mode::press_after, 0ms, 30s});
    const auto answer = f.host.receive(f.cid, 1s);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->payload.at(0), ctap::kOk);
}

// U2F register (CTAP1 REGISTER, extended length): challenge and application parameters.
Bytes u2f_register_apdu() {
    Bytes apdu{0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 64};
    for (int i = 0; i < 64; ++i)
        apdu.push_back(static_cast<std::uint8_t>(i));
    apdu.push_back(0x00);
    apdu.push_back(0x00);
    return apdu;
}

std::uint16_t status_word(const Message& m) {
    EXPECT_GE(m.payload.size(), 2u);
    if (m.payload.size() < 2) return 0;
    return static_cast<std::uint16_t>(m.payload[m.payload.size() - 2] << 8 | m.payload.back());
}

TEST(TouchButton, U2fLatchesATouchForTheNextRequest) {
    Fixture f({ButtonConfig::Mode::press_after, 200ms, 30s});
    const auto first = f.host.transact(f.cid, ctaphid::cmd::kMsg, u2f_register_apdu());
    ASSERT_TRUE(first);
    EXPECT_EQ(status_word(*first), 0x6985);  // no touch yet: the press starts now
    f.key.advance(100ms);
    const auto early = f.host.transact(f.cid, ctaphid::cmd::kMsg, u2f_register_apdu());
    ASSERT_TRUE(early);
    EXPECT_EQ(status_word(*early), 0x6985);
    f.key.advance(200ms);
    const auto granted = f.host.transact(f.cid, ctaphid::cmd::kMsg, u2f_register_apdu());
    ASSERT_TRUE(granted);
    EXPECT_EQ(status_word(*granted), 0x9000);
    EXPECT_GT(granted->payload.size(), 70u);
    // The touch was used up.
    const auto again = f.host.transact(f.cid, ctaphid::cmd::kMsg, u2f_register_apdu());
    ASSERT_TRUE(again);
    EXPECT_EQ(status_word(*again), 0x6985);
}

TEST(TouchButton, U2fNeverLatchesWhenRefused) {
    Fixture f({ButtonConfig::Mode::refuse, 100ms, 30s});
    for (int i = 0; i < 5; ++i) {
        const auto answer = f.host.transact(f.cid, ctaphid::cmd::kMsg, u2f_register_apdu());
        ASSERT_TRUE(answer);
        EXPECT_EQ(status_word(*answer), 0x6985);
        f.key.advance(300ms);
    }
}

}  // namespace
}  // namespace nk3::device
