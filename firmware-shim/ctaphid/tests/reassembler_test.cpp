#include "ctaphid/reassembler.hpp"

#include <gtest/gtest.h>

#include "test_host.hpp"

namespace nk3::ctaphid {
namespace {

using testing::Bytes;
using testing::pattern;
using Status = Reassembler::Status;

TEST(Reassembler, SinglePacketCompletesImmediately) {
    Reassembler rx;
    const Bytes payload = pattern(20);
    const auto reports = fragment(7, 0x10, payload);
    EXPECT_EQ(rx.start(decode_init(reports[0])), Status::complete);
    EXPECT_FALSE(rx.active());
    EXPECT_TRUE(rx.has_message());
    EXPECT_EQ(rx.cid(), 7u);
    EXPECT_EQ(rx.cmd(), 0x10);
    EXPECT_EQ(rx.take_payload(), payload);
    EXPECT_FALSE(rx.has_message());
}

TEST(Reassembler, MultiPacketInOrder) {
    Reassembler rx;
    const Bytes payload = pattern(kMaxMessageSize, 9);
    const auto reports = fragment(7, 0x01, payload);
    EXPECT_EQ(rx.start(decode_init(reports[0])), Status::incomplete);
    for (std::size_t i = 1; i + 1 < reports.size(); ++i) {
        EXPECT_EQ(rx.add(decode_cont(reports[i])), Status::incomplete);
        EXPECT_EQ(rx.next_seq(), i);
    }
    EXPECT_EQ(rx.add(decode_cont(reports.back())), Status::complete);
    EXPECT_EQ(rx.take_payload(), payload);
}

TEST(Reassembler, RejectsOversizeBcnt) {
    Reassembler rx;
    const Report r = encode_init(7, 0x01, kMaxMessageSize + 1, {});
    EXPECT_EQ(rx.start(decode_init(r)), Status::invalid_len);
    EXPECT_FALSE(rx.active());
}

TEST(Reassembler, WrongSeqDropsMessage) {
    Reassembler rx;
    const auto reports = fragment(7, 0x01, pattern(200));
    rx.start(decode_init(reports[0]));
    EXPECT_EQ(rx.add(decode_cont(reports[2])), Status::invalid_seq);  // seq 1 before seq 0
    EXPECT_FALSE(rx.active());
    EXPECT_EQ(rx.add(decode_cont(reports[1])), Status::ignored);
}

TEST(Reassembler, IgnoresOtherCidAndIdle) {
    Reassembler rx;
    const auto mine = fragment(7, 0x01, pattern(100));
    const auto other = fragment(8, 0x01, pattern(100));
    EXPECT_EQ(rx.add(decode_cont(mine[1])), Status::ignored);
    rx.start(decode_init(mine[0]));
    EXPECT_EQ(rx.add(decode_cont(other[1])), Status::ignored);
    EXPECT_TRUE(rx.active());
    EXPECT_EQ(rx.add(decode_cont(mine[1])), Status::complete);
}

}  // namespace
}  // namespace nk3::ctaphid
