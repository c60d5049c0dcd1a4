#include "ctaphid/channel.hpp"

#include <gtest/gtest.h>

#include "ctaphid/packet.hpp"

namespace nk3::ctaphid {
namespace {

TEST(ChannelAllocator, AllocatesSequentiallyFromOne) {
    ChannelAllocator channels;
    EXPECT_FALSE(channels.is_allocated(1));
    EXPECT_EQ(channels.allocate(), 1u);
    EXPECT_EQ(channels.allocate(), 2u);
    EXPECT_EQ(channels.allocations(), 2u);
    EXPECT_TRUE(channels.is_allocated(1));
    EXPECT_TRUE(channels.is_allocated(2));
    EXPECT_FALSE(channels.is_allocated(3));
    EXPECT_FALSE(channels.is_allocated(0));
    EXPECT_FALSE(channels.is_allocated(kBroadcastCid));
}

TEST(ChannelAllocator, ResetForgetsEverything) {
    ChannelAllocator channels;
    channels.allocate();
    channels.allocate();
    channels.reset();
    EXPECT_FALSE(channels.is_allocated(1));
    EXPECT_EQ(channels.allocations(), 0u);
    EXPECT_EQ(channels.allocate(), 1u);
}

TEST(ChannelAllocator, WrapsAroundSkippingZeroAndBroadcast) {
    ChannelAllocator channels(0xFFFFFFFD);
    EXPECT_FALSE(channels.is_allocated(5));
    EXPECT_EQ(channels.allocate(), 0xFFFFFFFDu);
    EXPECT_EQ(channels.allocate(), 0xFFFFFFFEu);
    EXPECT_EQ(channels.allocate(), 1u);
    EXPECT_TRUE(channels.is_allocated(5));  // after wrapping every CID has been handed out
    EXPECT_FALSE(channels.is_allocated(0));
    EXPECT_FALSE(channels.is_allocated(kBroadcastCid));
}

TEST(ChannelAllocator, ClampsFirst) {
    ChannelAllocator zero(0);
    EXPECT_EQ(zero.allocate(), 1u);
    ChannelAllocator broadcast(kBroadcastCid);
    EXPECT_EQ(broadcast.allocate(), 0xFFFFFFFEu);
}

}  // namespace
}  // namespace nk3::ctaphid
