// Cuts at a simulated instant (VirtualNk3::cut_at_time) and the power listener: a cut inside a
// flash operation of a request tears exactly that operation, a key idling past the instant loses
// power then, and every edge of the rail reaches the listener with its time.

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "test_host.hpp"

namespace nk3::device {
namespace {

using namespace testing;

using Edges = std::vector<std::pair<bool, SimTime>>;

TEST(TimeCut, InsideAFlashOperationOfMakeCredentialTearsIt) {
    for (const char* name : {"nk3am-1.2.2", "nk3xn-1.3.1"}) {
        SCOPED_TRACE(name);
        VirtualNk3 key(profile(name), 11);
        TestHost host(key);
        const auto params = make_credential_params("example.org", "alice");
        const auto snap = key.snapshot();
        // Dry run: when does each flash operation of the request run?
        key.power_domain().set_recording(true);
        {
            const auto cid = host.init();
            ASSERT_TRUE(cid);
            const auto answer = host.cbor(*cid, ctap::kMakeCredential, params);
            ASSERT_TRUE(answer);
        }
        const std::vector<flash::FlashOp> ops = key.power_domain().log();
        key.power_domain().set_recording(false);
        key.power_domain().clear_log();
        ASSERT_GE(ops.size(), 2u);
        for (const std::size_t k : {std::size_t{0}, ops.size() / 2, ops.size() - 1}) {
            const flash::FlashOp& op = ops[k];
            key.restore(snap);
            while (key.read()) {
            }
            const auto cid = host.init();
            ASSERT_TRUE(cid);
            const SimTime at = op.start + op.duration / 3;
            key.cut_at_time(at);
            EXPECT_FALSE(host.cbor(*cid, ctap::kMakeCredential, params, 2s).has_value());
            EXPECT_FALSE(key.powered());
            ASSERT_TRUE(key.last_cut().has_value());
            const flash::CutRecord cut = *key.last_cut();
            EXPECT_EQ(cut.op.index, op.index) << k;
            EXPECT_EQ(cut.plan.mode, flash::CutMode::torn) << k;
            EXPECT_EQ(cut.at, at);
            EXPECT_EQ(cut.armed_at, at);
            EXPECT_FALSE(cut.idle);
            key.power_on();
            EXPECT_TRUE(key.powered());
        }
    }
}

TEST(TimeCut, AtTheStartOfAnOperationCutsItBefore) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 4);
    TestHost host(key);
    const auto params = make_credential_params("example.org", "bob");
    const auto snap = key.snapshot();
    key.power_domain().set_recording(true);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    ASSERT_TRUE(host.cbor(*cid, ctap::kMakeCredential, params));
    const flash::FlashOp op = key.power_domain().log().at(1);
    key.power_domain().set_recording(false);
    key.restore(snap);
    const auto cid2 = host.init();
    ASSERT_TRUE(cid2);
    key.cut_at_time(op.start);
    EXPECT_FALSE(host.cbor(*cid2, ctap::kMakeCredential, params, 2s).has_value());
    ASSERT_TRUE(key.last_cut());
    EXPECT_EQ(key.last_cut()->op.index, op.index);
    EXPECT_EQ(key.last_cut()->plan.mode, flash::CutMode::before);
}

TEST(TimeCut, AnIdleKeyLosesPowerWhenItsClockReachesTheInstant) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 3);
    Edges edges;
    key.set_power_listener([&](bool on, SimTime at) { edges.emplace_back(on, at); });
    const SimTime at = key.now() + 25ms;
    key.cut_at_time(at);
    key.advance(20ms);
    EXPECT_TRUE(key.powered());
    key.advance(20ms);
    EXPECT_FALSE(key.powered());
    EXPECT_EQ(key.now(), at + 15ms);  // time goes on while the key is off
    ASSERT_TRUE(key.last_cut());
    EXPECT_TRUE(key.last_cut()->idle);
    EXPECT_EQ(key.last_cut()->at, at);
    EXPECT_EQ(key.last_cut()->plan.op_index, key.power_domain().next_index());
    ASSERT_EQ(edges.size(), 1u);
    EXPECT_EQ(edges[0], std::make_pair(false, at));
    key.power_on();
    EXPECT_TRUE(key.powered());
    EXPECT_FALSE(key.halted());
}

TEST(TimeCut, AnInstantBeforeATouchKeepsTheTouchFromHappening) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 8);
    TestHost host(key);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    ASSERT_TRUE(host.cbor(*cid, ctap::kGetInfo));  // the power-up's first-request rng-state write
    // makeCredential waits for the touch (200 ms); power goes after 50 ms of waiting.
    const std::uint64_t ops_before = key.power_domain().next_index();
    key.cut_at_time(key.now() + 50ms);
    EXPECT_FALSE(
        host.cbor(*cid, ctap::kMakeCredential, make_credential_params("example.org", "eve"), 2s));
    EXPECT_FALSE(key.powered());
    ASSERT_TRUE(key.last_cut());
    EXPECT_TRUE(key.last_cut()->idle);
    EXPECT_EQ(key.power_domain().next_index(), ops_before);  // nothing was written
}

TEST(TimeCut, RestoreDisarmsIt) {
    VirtualNk3 key(profile("nk3xn-1.3.1"), 1);
    const auto snap = key.snapshot();
    key.cut_at_time(key.now() + 1ms);
    key.restore(snap);
    key.advance(10ms);
    EXPECT_TRUE(key.powered());
}

TEST(PowerListener, SeesSwitchEdgesAndCutsButNotRestores) {
    VirtualNk3 key(profile("nk3xn-1.3.1"), 2);
    const auto snap = key.snapshot();
    Edges edges;
    key.set_power_listener([&](bool on, SimTime at) { edges.emplace_back(on, at); });
    const SimTime t0 = key.now();
    key.power_off();
    key.power_off();  // no edge: already off
    key.advance(5ms);
    key.power_on();
    const SimTime t1 = key.now();
    key.cut_after(0, flash::CutMode::before);
    TestHost host(key);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    host.cbor(*cid, ctap::kMakeCredential, make_credential_params("example.org", "carol"), 2s);
    ASSERT_FALSE(key.powered());
    ASSERT_TRUE(key.last_cut());
    const SimTime cut_at = key.last_cut()->at;
    key.restore(snap);
    ASSERT_EQ(edges.size(), 3u);
    EXPECT_EQ(edges[0], std::make_pair(false, t0));
    EXPECT_EQ(edges[1].first, true);
    EXPECT_EQ(edges[1].second, t0 + 5ms);
    EXPECT_FALSE(edges[2].first);
    EXPECT_EQ(edges[2].second, cut_at);
    EXPECT_GE(cut_at, t1);
    key.set_power_listener({});
    key.power_off();
    EXPECT_EQ(edges.size(), 3u);
}

}  // namespace
}  // namespace nk3::device
