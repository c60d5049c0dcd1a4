#include "ctaphid/packet.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "test_host.hpp"

namespace nk3::ctaphid {
namespace {

using testing::Bytes;
using testing::pattern;

TEST(Packet, MaxMessageSizeIs7609) {
    EXPECT_EQ(kInitDataSize, 57u);
    EXPECT_EQ(kContDataSize, 59u);
    EXPECT_EQ(kMaxMessageSize, 7609u);
}

TEST(Packet, InitRoundTripIsBigEndian) {
    const Bytes data{0xAA, 0xBB, 0xCC};
    const Report r = encode_init(0x01020304, 0x10, 0x1234, data);
    EXPECT_EQ(r[0], 0x01);
    EXPECT_EQ(r[3], 0x04);
    EXPECT_EQ(r[4], 0x90);
    EXPECT_EQ(r[5], 0x12);
    EXPECT_EQ(r[6], 0x34);
    EXPECT_EQ(r[7], 0xAA);
    for (std::size_t i = 10; i < kReportSize; ++i)
        EXPECT_EQ(r[i], 0);
    ASSERT_TRUE(is_init_packet(r));
    const InitPacket p = decode_init(r);
    EXPECT_EQ(p.cid, 0x01020304u);
    EXPECT_EQ(p.cmd, 0x10);
    EXPECT_EQ(p.bcnt, 0x1234);
    EXPECT_EQ(p.data.size(), kInitDataSize);
    EXPECT_EQ(p.data[2], 0xCC);
}

TEST(Packet, ContRoundTrip) {
    const Bytes data = pattern(kContDataSize);
    const Report r = encode_cont(0xCAFEBABE, 127, data);
    EXPECT_FALSE(is_init_packet(r));
    EXPECT_EQ(packet_cid(r), 0xCAFEBABEu);
    const ContPacket p = decode_cont(r);
    EXPECT_EQ(p.seq, 127);
    EXPECT_EQ(Bytes(p.data.begin(), p.data.end()), data);
}

TEST(Packet, EncodeRejectsBadFields) {
    EXPECT_THROW(encode_init(1, 0x80, 0, {}), std::invalid_argument);
    const Bytes too_long_init(kInitDataSize + 1);
    EXPECT_THROW(encode_init(1, 1, 0, too_long_init), std::invalid_argument);
    EXPECT_THROW(encode_cont(1, 128, {}), std::invalid_argument);
    const Bytes too_long_cont(kContDataSize + 1);
    EXPECT_THROW(encode_cont(1, 0, too_long_cont), std::invalid_argument);
}

TEST(Packet, PacketCount) {
    EXPECT_EQ(packet_count(0), 1u);
    EXPECT_EQ(packet_count(57), 1u);
    EXPECT_EQ(packet_count(58), 2u);
    EXPECT_EQ(packet_count(57 + 59), 2u);
    EXPECT_EQ(packet_count(57 + 60), 3u);
    EXPECT_EQ(packet_count(kMaxMessageSize), 129u);
}

TEST(Packet, FragmentLayoutAndZeroTail) {
    for (std::size_t size : {0u, 1u, 57u, 58u, 116u, 117u, 7609u}) {
        const Bytes payload = pattern(size, 3);
        const auto reports = fragment(0x11223344, 0x01, payload);
        ASSERT_EQ(reports.size(), packet_count(size)) << size;
        const InitPacket first = decode_init(reports[0]);
        EXPECT_EQ(first.bcnt, size);
        Bytes joined(first.data.begin(), first.data.end());
        for (std::size_t i = 1; i < reports.size(); ++i) {
            ASSERT_FALSE(is_init_packet(reports[i]));
            const ContPacket c = decode_cont(reports[i]);
            EXPECT_EQ(c.seq, i - 1);
            EXPECT_EQ(c.cid, 0x11223344u);
            joined.insert(joined.end(), c.data.begin(), c.data.end());
        }
        ASSERT_GE(joined.size(), size);
        EXPECT_TRUE(std::equal(payload.begin(), payload.end(), joined.begin())) << size;
        for (std::size_t i = size; i < joined.size(); ++i)
            EXPECT_EQ(joined[i], 0) << size;
    }
}

TEST(Packet, FragmentRejectsOversize) {
    const Bytes payload(kMaxMessageSize + 1);
    EXPECT_THROW(fragment(1, 1, payload), std::length_error);
    EXPECT_THROW(fragment(1, 0x81, {}), std::invalid_argument);
}

}  // namespace
}  // namespace nk3::ctaphid
