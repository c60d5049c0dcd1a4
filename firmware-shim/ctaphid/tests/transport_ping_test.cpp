#include <gtest/gtest.h>

#include "test_host.hpp"

namespace nk3::ctaphid {
namespace {

using namespace testing;

class PingSize : public ::testing::TestWithParam<std::size_t> {};

TEST_P(PingSize, RoundTrip) {
    FakeApp app;
    Transport t(app);
    Host host(t);
    const std::uint32_t cid = host.open();
    const Bytes payload = pattern(GetParam(), 5);
    host.send(cid, cmd::kPing, payload);
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->cid, cid);
    EXPECT_EQ(m->cmd, cmd::kPing);
    EXPECT_EQ(m->payload, payload);
    EXPECT_EQ(m->reports, packet_count(GetParam()));
    EXPECT_TRUE(app.calls.empty());
    EXPECT_FALSE(t.busy());
}

INSTANTIATE_TEST_SUITE_P(Sizes, PingSize, ::testing::Values(0, 1, 57, 58, 116, 117, 7609));

TEST(TransportPing, OversizeIsInvalidLen) {
    FakeApp app;
    Transport t(app);
    Host host(t);
    const std::uint32_t cid = host.open();
    host.send_report(encode_init(cid, cmd::kPing, kMaxMessageSize + 1, pattern(57)));
    expect_error(host.one(), cid, err::kInvalidLen);
    EXPECT_FALSE(t.busy());
    // Continuations the host sends anyway are spurious and ignored.
    host.send_report(encode_cont(cid, 0, pattern(59)));
    EXPECT_TRUE(host.messages().empty());
    host.send_report(encode_init(cid, cmd::kPing, 0xFFFF, {}));
    expect_error(host.one(), cid, err::kInvalidLen);
}

TEST(TransportPing, PacketsMaySpreadOverTime) {
    FakeApp app;
    Transport t(app);
    Host host(t);
    const std::uint32_t cid = host.open();
    const Bytes payload = pattern(1000);
    for (const Report& r : fragment(cid, cmd::kPing, payload)) {
        host.advance(450ms);  // each gap below the 500 ms timeout
        host.send_report(r);
    }
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->payload, payload);
}

TEST(TransportWink, AnswersEmptyAndCounts) {
    FakeApp app;
    Transport t(app);
    Host host(t);
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kWink, Bytes{});
    host.send(cid, cmd::kWink, Bytes{});
    auto all = host.messages();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].cmd, cmd::kWink);
    EXPECT_TRUE(all[0].payload.empty());
    EXPECT_EQ(t.wink_count(), 2u);
    host.send(cid, cmd::kWink, {0x01});
    expect_error(host.one(), cid, err::kInvalidLen);
    EXPECT_EQ(t.wink_count(), 2u);
}

TEST(TransportWink, WithoutCapabilityIsInvalidCmd) {
    FakeApp app;
    TransportConfig config;
    config.capabilities = capability::kCbor;
    Transport t(app, config);
    Host host(t);
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kWink, Bytes{});
    expect_error(host.one(), cid, err::kInvalidCmd);
    EXPECT_EQ(t.wink_count(), 0u);
}

}  // namespace
}  // namespace nk3::ctaphid
