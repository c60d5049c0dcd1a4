#include <gtest/gtest.h>

#include <stdexcept>

#include "test_host.hpp"

namespace nk3::ctaphid {
namespace {

using namespace testing;

class TransportApp : public ::testing::Test {
  protected:
    FakeApp app;
    Transport t{app};
    Host host{t};
};

TEST_F(TransportApp, CborAndMsgReachTheApplication) {
    const std::uint32_t cid = host.open();
    host.now = 3s;
    const Bytes request = pattern(300);
    host.send(cid, cmd::kCbor, request);
    ASSERT_EQ(app.calls.size(), 1u);
    EXPECT_EQ(app.calls[0].cid, cid);
    EXPECT_EQ(app.calls[0].cmd, cmd::kCbor);
    EXPECT_EQ(app.calls[0].payload, request);
    EXPECT_EQ(app.calls[0].now, 3s);
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->cmd, cmd::kCbor);
    Bytes expected{0x00};
    expected.insert(expected.end(), request.begin(), request.end());
    EXPECT_EQ(m->payload, expected);

    host.send(cid, cmd::kMsg, {0x00, 0x03, 0x00, 0x00});
    ASSERT_EQ(app.calls.size(), 2u);
    EXPECT_EQ(app.calls[1].cmd, cmd::kMsg);
    auto msg = host.one();
    ASSERT_TRUE(msg);
    EXPECT_EQ(msg->cmd, cmd::kMsg);
}

TEST(TransportAppConfig, NmsgAndMissingCborAreInvalidCmd) {
    FakeApp app;
    TransportConfig config;
    config.capabilities = capability::kNmsg | capability::kWink;
    Transport t(app, config);
    Host host(t);
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kMsg, {0x00});
    expect_error(host.one(), cid, err::kInvalidCmd);
    host.send(cid, cmd::kCbor, {0x04});
    expect_error(host.one(), cid, err::kInvalidCmd);
    EXPECT_TRUE(app.calls.empty());
}

TEST_F(TransportApp, VendorCommandsAreRouted) {
    const std::uint32_t cid = host.open();
    for (std::uint8_t code :
         {std::uint8_t{0x40}, std::uint8_t{0x51}, std::uint8_t{0x53}, std::uint8_t{0x61},
          std::uint8_t{0x62}, std::uint8_t{0x72}, std::uint8_t{0x7F}}) {
        host.send(cid, code, {code});
        ASSERT_FALSE(app.calls.empty());
        EXPECT_EQ(app.calls.back().cmd, code);
        EXPECT_EQ(app.calls.back().payload, Bytes{code});
        auto m = host.one();
        ASSERT_TRUE(m);
        EXPECT_EQ(m->cmd, code);
        EXPECT_EQ(m->payload, (Bytes{0x00, code}));
    }
    EXPECT_EQ(app.calls.size(), 7u);
}

TEST_F(TransportApp, ApplicationErrorResponse) {
    app.on_handle = [](const FakeApp::Call&) { return Response::error(err::kInvalidCmd); };
    const std::uint32_t cid = host.open();
    host.send(cid, 0x55, Bytes{});
    expect_error(host.one(), cid, err::kInvalidCmd);
    EXPECT_FALSE(t.busy());
}

// A power cut inside the application (flash::PowerLoss in the simulator) must unwind past the
// transport to the device's power loop; the device then resets the transport.
TEST_F(TransportApp, ApplicationExceptionPropagatesAndResetRecovers) {
    app.on_handle = [](const FakeApp::Call&) -> std::optional<Response> {
        throw std::runtime_error("power lost");
    };
    const std::uint32_t cid = host.open();
    EXPECT_THROW(host.send(cid, cmd::kCbor, {0x01}), std::runtime_error);
    EXPECT_TRUE(host.messages().empty());  // nothing answered for a request cut mid-way
    t.reset();
    app.on_handle = nullptr;
    const std::uint32_t fresh = host.open();
    host.send(fresh, cmd::kPing, {0x42});
    auto echo = host.one();
    ASSERT_TRUE(echo);
    EXPECT_EQ(echo->payload, Bytes{0x42});
}

TEST_F(TransportApp, OversizeOrBadResponseIsErrorOther) {
    app.on_handle = [](const FakeApp::Call&) {
        return Response{cmd::kCbor, Bytes(kMaxMessageSize + 1)};
    };
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kCbor, {0x01});
    expect_error(host.one(), cid, err::kOther);
    app.on_handle = [](const FakeApp::Call&) { return Response{0x90, {}}; };
    host.send(cid, cmd::kCbor, {0x01});
    expect_error(host.one(), cid, err::kOther);
}

TEST_F(TransportApp, LargeResponseIsFragmented) {
    const Bytes big = pattern(kMaxMessageSize, 11);
    app.on_handle = [&big](const FakeApp::Call&) { return Response{cmd::kCbor, big}; };
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kCbor, {0x01});
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->payload, big);
    EXPECT_EQ(m->reports, 129u);
}

TEST_F(TransportApp, PendingRequestGetsKeepaliveEvery100ms) {
    app.hold = true;
    app.status = keepalive::kUpNeeded;
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kCbor, {0x01});
    EXPECT_TRUE(t.is_pending());
    EXPECT_TRUE(host.messages().empty());
    host.advance(99ms);
    EXPECT_TRUE(host.messages().empty());
    host.advance(1ms);  // t = 100 ms
    auto k1 = host.one();
    ASSERT_TRUE(k1);
    EXPECT_EQ(k1->cid, cid);
    EXPECT_EQ(k1->cmd, cmd::kKeepalive);
    EXPECT_EQ(k1->payload, Bytes{keepalive::kUpNeeded});
    host.advance(50ms);  // 150 ms
    EXPECT_TRUE(host.messages().empty());
    app.status = keepalive::kProcessing;
    host.advance(50ms);  // 200 ms
    auto k2 = host.one();
    ASSERT_TRUE(k2);
    EXPECT_EQ(k2->payload, Bytes{keepalive::kProcessing});
    EXPECT_EQ(app.status_queries, (std::vector<std::uint32_t>{cid, cid}));
    // A late tick sends one keepalive and keeps the 100 ms grid.
    host.advance(250ms);  // 450 ms
    EXPECT_EQ(host.messages().size(), 1u);
    host.advance(49ms);  // 499 ms
    EXPECT_TRUE(host.messages().empty());
    host.advance(1ms);  // 500 ms
    EXPECT_EQ(host.messages().size(), 1u);

    const Bytes answer{0x00, 0xA1};
    EXPECT_FALSE(t.complete(cid + 1, cmd::kCbor, answer));
    EXPECT_TRUE(t.complete(cid, cmd::kCbor, answer));
    auto done = host.one();
    ASSERT_TRUE(done);
    EXPECT_EQ(done->cmd, cmd::kCbor);
    EXPECT_EQ(done->payload, answer);
    EXPECT_FALSE(t.busy());
    EXPECT_FALSE(t.complete(cid, cmd::kCbor, answer));
    host.advance(1s);
    EXPECT_TRUE(host.messages().empty());
}

TEST_F(TransportApp, CancelCallsApplicationWhichCompletes) {
    app.hold = true;
    app.on_cancel = [this](std::uint32_t cid) {
        const Bytes status{kCtap2ErrKeepaliveCancel};
        EXPECT_TRUE(t.complete(cid, cmd::kCbor, status));
    };
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kCbor, {0x02});
    host.send(cid, cmd::kCancel, Bytes{});
    EXPECT_EQ(app.cancels, (std::vector<std::uint32_t>{cid}));
    auto m = host.one();  // only the cancelled request's answer, nothing for CANCEL itself
    ASSERT_TRUE(m);
    EXPECT_EQ(m->cmd, cmd::kCbor);
    EXPECT_EQ(m->payload, Bytes{kCtap2ErrKeepaliveCancel});
    EXPECT_FALSE(t.busy());
}

TEST_F(TransportApp, CancelIsCalledOnceAndLaterCompletionWorks) {
    app.hold = true;
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kCbor, {0x02});
    host.send(cid, cmd::kCancel, Bytes{});
    host.send(cid, cmd::kCancel, Bytes{});
    EXPECT_EQ(app.cancels.size(), 1u);
    EXPECT_TRUE(t.is_pending());
    const Bytes status{kCtap2ErrKeepaliveCancel};
    EXPECT_TRUE(t.complete(cid, cmd::kCbor, status));
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->payload, status);
}

TEST_F(TransportApp, CancelElsewhereIsIgnored) {
    app.hold = true;
    const std::uint32_t a = host.open();
    const std::uint32_t b = host.open();
    host.send(a, cmd::kCancel, Bytes{});  // idle channel
    host.send(a, cmd::kCbor, {0x02});
    host.send(b, cmd::kCancel, Bytes{});              // other channel
    host.send(0x999, cmd::kCancel, Bytes{});          // unknown channel
    host.send(kBroadcastCid, cmd::kCancel, Bytes{});  // broadcast
    EXPECT_TRUE(app.cancels.empty());
    EXPECT_TRUE(host.messages().empty());
    EXPECT_TRUE(t.is_pending());
    // A CANCEL while the request is still being received is ignored too.
    const Bytes answer{0x00};
    ASSERT_TRUE(t.complete(a, cmd::kCbor, answer));
    host.messages();
    const auto reports = fragment(a, cmd::kCbor, pattern(100));
    host.send_report(reports[0]);
    host.send(a, cmd::kCancel, Bytes{});
    host.send_report(reports[1]);
    EXPECT_TRUE(app.cancels.empty());
    EXPECT_EQ(app.calls.size(), 2u);
    EXPECT_EQ(app.calls.back().payload, pattern(100));
}

TEST_F(TransportApp, CompleteFromInsideHandle) {
    app.on_handle = [this](const FakeApp::Call& call) -> std::optional<Response> {
        const Bytes answer{0x00, 0x42};
        EXPECT_TRUE(t.complete(call.cid, call.cmd, answer));
        return Response{call.cmd, {0xEE}};  // ignored: already completed
    };
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kCbor, {0x01});
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->payload, (Bytes{0x00, 0x42}));
    EXPECT_FALSE(t.busy());
}

TEST_F(TransportApp, ResetDropsChannelsAndState) {
    app.hold = true;
    const std::uint32_t a = host.open();
    const std::uint32_t b = host.open();
    host.send(a, cmd::kCbor, {0x01});
    ASSERT_TRUE(t.is_pending());
    host.advance(100ms);  // a keepalive is queued
    ASSERT_GT(t.output_size(), 0u);
    t.reset();
    EXPECT_FALSE(t.busy());
    EXPECT_EQ(t.output_size(), 0u);
    EXPECT_FALSE(t.channel_allocated(a));
    EXPECT_FALSE(t.channel_allocated(b));
    EXPECT_TRUE(app.aborts.empty());  // reset() does not call the application
    const Bytes answer{0x00};
    EXPECT_FALSE(t.complete(a, cmd::kCbor, answer));
    host.advance(1s);
    EXPECT_TRUE(host.messages().empty());
    host.send(b, cmd::kPing, {0x01});
    expect_error(host.one(), b, err::kInvalidChannel);
    EXPECT_EQ(host.open(), 1u);  // allocation restarts
}

TEST_F(TransportApp, ThrowingCallbacksPropagate) {
    app.hold = true;
    app.throw_in_callbacks = true;
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kCbor, {0x01});
    // No time has passed, so no keepalive is due: cancel() and abort() are reached first.
    EXPECT_THROW(host.send(cid, cmd::kCancel, Bytes{}), std::runtime_error);
    EXPECT_EQ(app.cancels.size(), 1u);
    EXPECT_THROW(host.send(cid, cmd::kInit, pattern(8)), std::runtime_error);
    EXPECT_EQ(app.aborts.size(), 1u);
    t.reset();

    const std::uint32_t again = host.open();
    host.send(again, cmd::kCbor, {0x01});
    EXPECT_THROW(host.advance(100ms), std::runtime_error);  // keepalive_status()
    EXPECT_EQ(app.status_queries.size(), 1u);
    t.reset();
    EXPECT_FALSE(t.busy());
    EXPECT_FALSE(t.is_pending());
}

TEST(TransportAppConfig, ZeroKeepaliveIntervalSendsOnEveryTick) {
    FakeApp app;
    app.hold = true;
    TransportConfig config;
    config.keepalive_interval = SimTime::zero();
    Transport t(app, config);
    EXPECT_EQ(t.config().keepalive_interval, SimTime::zero());
    Host host(t);
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kCbor, {0x01});
    host.advance(1ns);
    host.advance(1ns);
    host.advance(1ns);
    auto all = host.messages();
    ASSERT_EQ(all.size(), 3u);
    for (const Message& m : all)
        EXPECT_EQ(m.cmd, cmd::kKeepalive);
}

}  // namespace
}  // namespace nk3::ctaphid
