#include <gtest/gtest.h>

#include "test_host.hpp"

namespace nk3::ctaphid {
namespace {

using namespace testing;

class TransportErrors : public ::testing::Test {
  protected:
    FakeApp app;
    Transport t{app};
    Host host{t};
};

TEST_F(TransportErrors, OutOfOrderSeqIsInvalidSeqAndDropsTransaction) {
    const std::uint32_t cid = host.open();
    const auto reports = fragment(cid, cmd::kPing, pattern(200));
    ASSERT_EQ(reports.size(), 4u);
    host.send_report(reports[0]);
    host.send_report(reports[2]);  // seq 1 instead of seq 0
    expect_error(host.one(), cid, err::kInvalidSeq);
    EXPECT_FALSE(t.busy());
    host.send_report(reports[1]);  // now spurious
    host.send_report(reports[3]);
    EXPECT_TRUE(host.messages().empty());
    host.send(cid, cmd::kPing, pattern(200));
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->payload, pattern(200));
}

TEST_F(TransportErrors, RepeatedSeqIsInvalidSeq) {
    const std::uint32_t cid = host.open();
    const auto reports = fragment(cid, cmd::kPing, pattern(200));
    host.send_report(reports[0]);
    host.send_report(reports[1]);
    host.send_report(reports[1]);
    expect_error(host.one(), cid, err::kInvalidSeq);
}

TEST_F(TransportErrors, NewRequestWhileReceivingSameChannelIsInvalidSeq) {
    const std::uint32_t cid = host.open();
    const auto reports = fragment(cid, cmd::kPing, pattern(200));
    host.send_report(reports[0]);
    host.send(cid, cmd::kPing, {0x01});
    expect_error(host.one(), cid, err::kInvalidSeq);
    EXPECT_FALSE(t.busy());
}

TEST_F(TransportErrors, OtherChannelIsBusyWhileReceiving) {
    const std::uint32_t a = host.open();
    const std::uint32_t b = host.open();
    const Bytes payload = pattern(300);
    const auto reports = fragment(a, cmd::kPing, payload);
    host.send_report(reports[0]);
    host.send_report(reports[1]);
    host.send(b, cmd::kPing, {0x01});
    expect_error(host.one(), b, err::kChannelBusy);
    // b's stray continuation must not disturb a's transaction.
    host.send_report(encode_cont(b, 0, pattern(59)));
    host.send_report(encode_cont(b, 2, pattern(59)));
    EXPECT_TRUE(host.messages().empty());
    for (std::size_t i = 2; i < reports.size(); ++i)
        host.send_report(reports[i]);
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->cid, a);
    EXPECT_EQ(m->payload, payload);
}

TEST_F(TransportErrors, OtherChannelIsBusyWhileProcessing) {
    app.hold = true;
    const std::uint32_t a = host.open();
    const std::uint32_t b = host.open();
    host.send(a, cmd::kCbor, {0x01});
    ASSERT_TRUE(t.is_pending());
    host.send(b, cmd::kCbor, {0x02});
    expect_error(host.one(), b, err::kChannelBusy);
    host.send(b, cmd::kPing, pattern(100));  // multi-packet request: busy at the first packet
    expect_error(host.one(), b, err::kChannelBusy);
    host.send(a, cmd::kPing, {0x03});  // the processing channel itself is busy too
    expect_error(host.one(), a, err::kChannelBusy);
    EXPECT_EQ(app.calls.size(), 1u);
    const Bytes answer{0x00};
    EXPECT_TRUE(t.complete(a, cmd::kCbor, answer));
    EXPECT_EQ(host.one()->cmd, cmd::kCbor);
    host.send(b, cmd::kPing, {0x04});
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->cid, b);
}

TEST_F(TransportErrors, UnknownAndReservedChannels) {
    host.open();
    host.send(0x00000002, cmd::kPing, {0x01});  // never allocated
    expect_error(host.one(), 2, err::kInvalidChannel);
    host.send(0, cmd::kPing, {0x01});
    expect_error(host.one(), 0, err::kInvalidChannel);
    host.send(kBroadcastCid, cmd::kPing, {0x01});
    expect_error(host.one(), kBroadcastCid, err::kInvalidChannel);
    host.send(kBroadcastCid, cmd::kCbor, {0x01});
    expect_error(host.one(), kBroadcastCid, err::kInvalidChannel);
    EXPECT_TRUE(app.calls.empty());
}

TEST_F(TransportErrors, ContinuationWithoutInitIsIgnored) {
    const std::uint32_t cid = host.open();
    host.send_report(encode_cont(cid, 0, pattern(59)));
    host.send_report(encode_cont(0x77, 0, pattern(59)));
    host.send_report(encode_cont(kBroadcastCid, 0, pattern(59)));
    EXPECT_TRUE(host.messages().empty());
    EXPECT_FALSE(t.busy());
}

TEST_F(TransportErrors, UnknownAndDeviceOnlyCommandsAreInvalidCmd) {
    const std::uint32_t cid = host.open();
    for (std::uint8_t code : {std::uint8_t{0x00}, std::uint8_t{0x02}, std::uint8_t{0x20},
                              cmd::kKeepalive, cmd::kError}) {
        host.send(cid, code, {0x01});
        expect_error(host.one(), cid, err::kInvalidCmd);
    }
    EXPECT_TRUE(app.calls.empty());
    EXPECT_FALSE(t.busy());
}

TEST_F(TransportErrors, TimeoutAfter500msAndNotBefore) {
    const std::uint32_t cid = host.open();
    const auto reports = fragment(cid, cmd::kPing, pattern(100));
    host.send_report(reports[0]);
    host.advance(500ms - 1ns);
    EXPECT_TRUE(host.messages().empty());
    EXPECT_TRUE(t.busy());
    host.advance(1ns);
    expect_error(host.one(), cid, err::kMsgTimeout);
    EXPECT_FALSE(t.busy());
    host.send_report(reports[1]);  // too late: ignored
    EXPECT_TRUE(host.messages().empty());
}

TEST_F(TransportErrors, TimeoutRestartsWithEachPacket) {
    const std::uint32_t cid = host.open();
    const auto reports = fragment(cid, cmd::kPing, pattern(200));
    host.send_report(reports[0]);
    host.advance(400ms);
    host.send_report(reports[1]);
    host.advance(400ms);  // 800 ms since the first packet, 400 ms since the last
    EXPECT_TRUE(host.messages().empty());
    host.advance(100ms);
    expect_error(host.one(), cid, err::kMsgTimeout);
}

TEST_F(TransportErrors, TimeoutDetectedWhenNextPacketArrivesLate) {
    const std::uint32_t cid = host.open();
    const auto reports = fragment(cid, cmd::kPing, pattern(100));
    host.send_report(reports[0]);
    host.now += 600ms;  // no tick in between
    host.send_report(reports[1]);
    expect_error(host.one(), cid, err::kMsgTimeout);
}

TEST_F(TransportErrors, TimeGoingBackwardsIsHarmless) {
    const std::uint32_t cid = host.open();
    host.now = 10s;
    const auto reports = fragment(cid, cmd::kPing, pattern(100));
    host.send_report(reports[0]);
    host.now = 1s;
    host.send_report(reports[1]);
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->payload, pattern(100));
}

TEST_F(TransportErrors, ProcessingRequestDoesNotTimeOut) {
    app.hold = true;
    const std::uint32_t cid = host.open();
    host.send(cid, cmd::kCbor, {0x01});
    host.advance(30s);
    EXPECT_TRUE(t.is_pending());
    for (const Message& m : host.messages())
        EXPECT_EQ(m.cmd, cmd::kKeepalive);
}

}  // namespace
}  // namespace nk3::ctaphid
