#include <gtest/gtest.h>

#include "test_host.hpp"

namespace nk3::ctaphid {
namespace {

using namespace testing;

TEST(TransportInit, AllocatesChannelAndEchoesNonce) {
    FakeApp app;
    TransportConfig config;
    config.version = DeviceVersion{1, 7, 2};
    config.capabilities = capability::kWink | capability::kCbor;
    Transport t(app, config);
    Host host(t);
    const Bytes nonce{0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04};
    host.send(kBroadcastCid, cmd::kInit, nonce);
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->cid, kBroadcastCid);  // answered on the channel it came in on
    EXPECT_EQ(m->cmd, cmd::kInit);
    ASSERT_EQ(m->payload.size(), 17u);
    EXPECT_EQ(Bytes(m->payload.begin(), m->payload.begin() + 8), nonce);
    EXPECT_EQ(Bytes(m->payload.begin() + 8, m->payload.begin() + 12), (Bytes{0, 0, 0, 1}));
    EXPECT_EQ(m->payload[12], 2);  // CTAPHID protocol version
    EXPECT_EQ(m->payload[13], 1);
    EXPECT_EQ(m->payload[14], 7);
    EXPECT_EQ(m->payload[15], 2);
    EXPECT_EQ(m->payload[16], capability::kWink | capability::kCbor);
    EXPECT_TRUE(t.channel_allocated(1));
    EXPECT_EQ(host.open(), 2u);
    EXPECT_EQ(host.open(), 3u);
}

TEST(TransportInit, CapabilitiesAreConfigurable) {
    FakeApp app;
    TransportConfig config;
    config.capabilities = capability::kNmsg;
    Transport t(app, config);
    Host host(t);
    host.send(kBroadcastCid, cmd::kInit, pattern(8));
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->payload[16], capability::kNmsg);
}

TEST(TransportInit, FirstCidIsConfigurable) {
    FakeApp app;
    TransportConfig config;
    config.first_cid = 0x100;
    Transport t(app, config);
    Host host(t);
    EXPECT_EQ(host.open(), 0x100u);
}

TEST(TransportInit, WrongNonceLengthIsInvalidLen) {
    FakeApp app;
    Transport t(app);
    Host host(t);
    host.send(kBroadcastCid, cmd::kInit, pattern(7));
    expect_error(host.one(), kBroadcastCid, err::kInvalidLen);
    host.send(kBroadcastCid, cmd::kInit, pattern(9));
    expect_error(host.one(), kBroadcastCid, err::kInvalidLen);
    EXPECT_FALSE(t.channel_allocated(1));
}

TEST(TransportInit, InitOnUnknownChannelIsInvalidChannel) {
    FakeApp app;
    Transport t(app);
    Host host(t);
    host.send(0x1234, cmd::kInit, pattern(8));
    expect_error(host.one(), 0x1234, err::kInvalidChannel);
}

TEST(TransportInit, InitOnExistingChannelResyncsIt) {
    FakeApp app;
    Transport t(app);
    Host host(t);
    const std::uint32_t cid = host.open();
    // Start a two-packet PING, then resync before the continuation arrives.
    const auto reports = fragment(cid, cmd::kPing, pattern(100));
    host.send_report(reports[0]);
    EXPECT_TRUE(t.busy());
    const Bytes nonce = pattern(8, 40);
    host.send(cid, cmd::kInit, nonce);
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->cid, cid);
    EXPECT_EQ(Bytes(m->payload.begin(), m->payload.begin() + 8), nonce);
    EXPECT_EQ(Bytes(m->payload.begin() + 8, m->payload.begin() + 12), (Bytes{0, 0, 0, 1}));
    EXPECT_FALSE(t.busy());
    // The stale continuation is ignored; a fresh PING works.
    host.send_report(reports[1]);
    EXPECT_TRUE(host.messages().empty());
    host.send(cid, cmd::kPing, pattern(100));
    auto ping = host.one();
    ASSERT_TRUE(ping);
    EXPECT_EQ(ping->payload, pattern(100));
    EXPECT_TRUE(app.aborts.empty());  // nothing reached the application
}

TEST(TransportInit, ResyncAbortsPendingRequest) {
    FakeApp app;
    app.hold = true;
    Transport t(app);
    Host host(t);
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kCbor, {0x04});
    ASSERT_TRUE(t.is_pending());
    host.send(cid, cmd::kInit, pattern(8));
    ASSERT_EQ(host.messages().size(), 1u);
    EXPECT_EQ(app.aborts, (std::vector<std::uint32_t>{cid}));
    EXPECT_FALSE(t.busy());
    const Bytes late{0x00};
    EXPECT_FALSE(t.complete(cid, cmd::kCbor, late));
    host.advance(1s);
    EXPECT_TRUE(host.messages().empty());  // no keepalives after the abort
}

TEST(TransportInit, InitAllowedWhileAnotherChannelIsBusy) {
    FakeApp app;
    app.hold = true;
    Transport t(app);
    Host host(t);
    const std::uint32_t a = host.open();
    host.send(a, cmd::kCbor, {0x01});
    ASSERT_TRUE(t.is_pending());
    const std::uint32_t b = host.open();
    EXPECT_EQ(b, 2u);
    host.send(b, cmd::kInit, pattern(8));  // resync of an idle channel
    ASSERT_EQ(host.messages().size(), 1u);
    EXPECT_TRUE(t.is_pending());
    EXPECT_EQ(t.active_cid(), a);
    EXPECT_TRUE(app.aborts.empty());
}

}  // namespace
}  // namespace nk3::ctaphid
