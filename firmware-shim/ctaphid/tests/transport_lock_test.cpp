#include <gtest/gtest.h>

#include "test_host.hpp"

namespace nk3::ctaphid {
namespace {

using namespace testing;

class TransportLock : public ::testing::Test {
  protected:
    FakeApp app;
    Transport t{app};
    Host host{t};
};

TEST_F(TransportLock, LockMakesOtherChannelsBusyUntilItExpires) {
    const std::uint32_t a = host.open();
    const std::uint32_t b = host.open();
    host.send(a, cmd::kLock, {5});
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->cmd, cmd::kLock);
    EXPECT_TRUE(m->payload.empty());
    EXPECT_EQ(t.lock_owner(), a);
    host.send(b, cmd::kPing, {0x01});
    expect_error(host.one(), b, err::kChannelBusy);
    host.send(b, cmd::kLock, {1});
    expect_error(host.one(), b, err::kChannelBusy);
    host.send(a, cmd::kPing, {0x02});
    EXPECT_EQ(host.one()->cmd, cmd::kPing);
    EXPECT_EQ(host.open(), 3u);  // INIT still allocates channels
    host.advance(5s - 1ns);
    host.send(b, cmd::kPing, {0x03});
    expect_error(host.one(), b, err::kChannelBusy);
    host.advance(1ns);
    EXPECT_FALSE(t.lock_owner());
    host.send(b, cmd::kPing, {0x04});
    EXPECT_EQ(host.one()->cmd, cmd::kPing);
}

TEST_F(TransportLock, ZeroReleasesAndRelockExtends) {
    const std::uint32_t a = host.open();
    const std::uint32_t b = host.open();
    host.send(a, cmd::kLock, {2});
    host.advance(1s);
    host.send(a, cmd::kLock, {2});  // extends to t = 3 s
    host.advance(1500ms);
    host.send(b, cmd::kPing, {0x01});
    auto all = host.messages();
    ASSERT_EQ(all.size(), 3u);
    expect_error(all[2], b, err::kChannelBusy);
    host.send(a, cmd::kLock, {0});
    EXPECT_EQ(host.one()->cmd, cmd::kLock);
    EXPECT_FALSE(t.lock_owner());
    host.send(b, cmd::kPing, {0x01});
    EXPECT_EQ(host.one()->cmd, cmd::kPing);
}

TEST_F(TransportLock, BadArguments) {
    const std::uint32_t a = host.open();
    host.send(a, cmd::kLock, {11});
    expect_error(host.one(), a, err::kInvalidPar);
    host.send(a, cmd::kLock, {1, 2});
    expect_error(host.one(), a, err::kInvalidLen);
    host.send(a, cmd::kLock, Bytes{});
    expect_error(host.one(), a, err::kInvalidLen);
    EXPECT_FALSE(t.lock_owner());
}

TEST_F(TransportLock, ResyncOfOwnerReleasesLock) {
    const std::uint32_t a = host.open();
    host.send(a, cmd::kLock, {10});
    host.messages();
    host.send(a, cmd::kInit, pattern(8));
    host.messages();
    EXPECT_FALSE(t.lock_owner());
}

TEST(TransportLockConfig, UnsupportedLockIsInvalidCmd) {
    FakeApp app;
    TransportConfig config;
    config.lock_supported = false;
    Transport t(app, config);
    Host host(t);
    const std::uint32_t a = host.open();
    host.send(a, cmd::kLock, {5});
    expect_error(host.one(), a, err::kInvalidCmd);
    EXPECT_FALSE(t.lock_owner());
}

}  // namespace
}  // namespace nk3::ctaphid
