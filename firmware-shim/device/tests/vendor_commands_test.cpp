// The admin vendor commands over CTAPHID, and the INIT answer's device fields.

#include "device/vendor_commands.hpp"

#include <gtest/gtest.h>

#include "ctaphid/commands.hpp"
#include "ctaphid/errors.hpp"
#include "test_host.hpp"

namespace nk3::device {
namespace {

using namespace testing;

Message expect_answer(const std::optional<Message>& m) {
    EXPECT_TRUE(m.has_value());
    return m.value_or(Message{});
}

TEST(VendorCommands, VersionIsTheProfilesFirmwareBigEndian) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    TestHost host(key);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    const Message m = expect_answer(host.transact(*cid, vendor::kVersion, {}));
    EXPECT_EQ(m.cmd, vendor::kVersion);
    EXPECT_EQ(m.payload, (Bytes{0x00, 0x40, 0x00, 0xC1}));  // 1.3.1 = 1<<22 | 3<<6 | 1

    VirtualNk3 old(profile("nk3am-1.2.2"), 1);
    TestHost old_host(old);
    const auto old_cid = old_host.init();
    ASSERT_TRUE(old_cid);
    EXPECT_EQ(expect_answer(old_host.transact(*old_cid, vendor::kVersion, {})).payload,
              (Bytes{0x00, 0x40, 0x00, 0x82}));  // 1.2.2 = 1<<22 | 2<<6 | 2
}

TEST(VendorCommands, UuidComesFromTheSeed) {
    VirtualNk3 a(profile("nk3am-1.3.1"), 7);
    VirtualNk3 b(profile("nk3xn-1.3.1"), 7);
    VirtualNk3 c(profile("nk3am-1.3.1"), 8);
    TestHost host(a);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    const Message m = expect_answer(host.transact(*cid, vendor::kUuid, {}));
    EXPECT_EQ(m.cmd, vendor::kUuid);
    ASSERT_EQ(m.payload.size(), 16u);
    const auto uuid = a.uuid();
    EXPECT_EQ(m.payload, Bytes(uuid.begin(), uuid.end()));
    EXPECT_EQ(a.uuid(), b.uuid());  // a function of the seed alone
    EXPECT_NE(a.uuid(), c.uuid());
}

TEST(VendorCommands, AdminStatusReportsFreeBlocksAndVariant) {
    for (const char* name : {"nk3xn-1.3.1", "nk3am-1.3.1"}) {
        SCOPED_TRACE(name);
        VirtualNk3 key(profile(name), 3);
        TestHost host(key);
        const auto cid = host.init();
        ASSERT_TRUE(cid);
        const Message m =
            expect_answer(host.transact(*cid, vendor::kAdmin, {vendor::admin::kStatus}));
        EXPECT_EQ(m.cmd, vendor::kAdmin);
        const auto status = decode_admin_status(m.payload);
        ASSERT_TRUE(status) << m.payload.size();
        EXPECT_EQ(status->init_flags, 0);
        const std::uint32_t free_internal = key.internal().fs().free_blocks();
        EXPECT_GT(free_internal, 0u);
        EXPECT_EQ(status->free_internal_blocks, std::min<std::uint32_t>(free_internal, 255));
        EXPECT_EQ(status->free_external_blocks, key.external().fs().free_blocks());
        EXPECT_GT(status->free_external_blocks, 50);  // almost all free
        // Both profiles are firmware 1.3.1: four bytes, the variant byte came with v1.4.0.
        EXPECT_EQ(m.payload.size(), 4u);
        EXPECT_FALSE(status->has_variant);
        EXPECT_EQ(key.status().free_external_blocks, status->free_external_blocks);
    }
}

// The firmware counts free blocks once, at boot (runners/embedded/src/lib.rs init_apps
// @v1.3.1): the status changes only after the next boot.
TEST(VendorCommands, AdminStatusCountsFreeBlocksAtBoot) {
    VirtualNk3 key(profile("nk3xn-1.3.1"), 3);  // 87 blocks: the u8 is exact
    TestHost host(key);
    auto cid = host.init();
    ASSERT_TRUE(cid);
    const auto before = decode_admin_status(
        expect_answer(host.transact(*cid, vendor::kAdmin, {vendor::admin::kStatus})).payload);
    ASSERT_TRUE(before);
    key.internal().fs().write_file("filler", Bytes(3 * 512, 0x42));  // 3 data blocks
    const auto same = decode_admin_status(
        expect_answer(host.transact(*cid, vendor::kAdmin, {vendor::admin::kStatus})).payload);
    ASSERT_TRUE(same);
    EXPECT_EQ(same->free_internal_blocks, before->free_internal_blocks);
    key.power_cycle();
    cid = host.init();
    ASSERT_TRUE(cid);
    const auto after = decode_admin_status(
        expect_answer(host.transact(*cid, vendor::kAdmin, {vendor::admin::kStatus})).payload);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->free_internal_blocks, key.internal().fs().free_blocks());
    EXPECT_LT(after->free_internal_blocks, before->free_internal_blocks);
}

TEST(VendorCommands, BadAdminSubcommandsAndUnknownCommandsAreErrors) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    TestHost host(key);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    EXPECT_EQ(expect_answer(host.transact(*cid, vendor::kAdmin, {})).payload,
              Bytes{ctaphid::err::kInvalidLen});
    const Message unknown_sub = expect_answer(host.transact(*cid, vendor::kAdmin, {0x81}));
    EXPECT_EQ(unknown_sub.cmd, ctaphid::cmd::kError);
    EXPECT_EQ(unknown_sub.payload, Bytes{ctaphid::err::kInvalidCmd});
    for (std::uint8_t code :
         {std::uint8_t{0x40}, std::uint8_t{0x60}, std::uint8_t{0x70}, std::uint8_t{0x7F}}) {
        const Message m = expect_answer(host.transact(*cid, code, {1, 2, 3}));
        EXPECT_EQ(m.cmd, ctaphid::cmd::kError) << int(code);
        EXPECT_EQ(m.payload, Bytes{ctaphid::err::kInvalidCmd}) << int(code);
    }
    const Message bootloader = expect_answer(host.transact(*cid, vendor::kUpdate, {}));
    EXPECT_EQ(bootloader.cmd, ctaphid::cmd::kError);
    EXPECT_EQ(bootloader.payload, Bytes{ctaphid::err::kOther});
    EXPECT_TRUE(key.powered());  // nothing rebooted
}

TEST(VendorCommands, RebootAnswersThenRestartsWithoutLosingFlash) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    key.internal().fs().write_file("kept", Bytes{1, 2, 3});
    key.advance(std::chrono::seconds(5));
    TestHost host(key);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    const Message m = expect_answer(host.transact(*cid, vendor::kReboot, {}));
    EXPECT_EQ(m.cmd, vendor::kReboot);
    EXPECT_TRUE(m.payload.empty());
    EXPECT_TRUE(key.powered());
    EXPECT_TRUE(key.last_boot().internal_mounted);
    EXPECT_FALSE(key.last_boot().internal_formatted);
    EXPECT_EQ(key.internal().fs().read_file("kept"), (Bytes{1, 2, 3}));
    // The MCU restarted: the channel is gone.
    const Message stale = expect_answer(host.transact(*cid, ctaphid::cmd::kPing, {9}));
    EXPECT_EQ(stale.cmd, ctaphid::cmd::kError);
    EXPECT_EQ(stale.payload, Bytes{ctaphid::err::kInvalidChannel});
    EXPECT_TRUE(host.init().has_value());
}

TEST(VendorCommands, InitAnswerCarriesVersionAndCapabilities) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    TestHost host(key);
    Bytes nonce{1, 2, 3, 4, 5, 6, 7, 8};
    host.send(ctaphid::kBroadcastCid, ctaphid::cmd::kInit, nonce);
    const Message m = expect_answer(host.receive(ctaphid::kBroadcastCid));
    ASSERT_EQ(m.payload.size(), 17u);
    EXPECT_EQ(m.payload[12], 2);  // CTAPHID protocol version
    EXPECT_EQ(m.payload[13], 1);  // major
    EXPECT_EQ(m.payload[14], 3);  // minor
    EXPECT_EQ(m.payload[15], 1);  // build
    EXPECT_EQ(m.payload[16], ctaphid::capability::kWink | ctaphid::capability::kCbor);
}

TEST(VendorCommands, StatusEncodingRoundTrips) {
    const AdminStatus s{0x86, 200, 0x1234, 2, true};
    const auto bytes = encode_admin_status(s);
    EXPECT_EQ(bytes, (Bytes{0x86, 200, 0x12, 0x34, 2}));
    const auto back = decode_admin_status(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->init_flags, 0x86);
    EXPECT_EQ(back->free_external_blocks, 0x1234);
    EXPECT_TRUE(back->has_variant);
    EXPECT_EQ(back->variant, 2);
    // Before v1.4.0: four bytes, no variant.
    const auto v13 = encode_admin_status({0x02, 255, 0x01E0, 0, false});
    EXPECT_EQ(v13, (Bytes{0x02, 255, 0x01, 0xE0}));
    const auto back13 = decode_admin_status(v13);
    ASSERT_TRUE(back13);
    EXPECT_FALSE(back13->has_variant);
    EXPECT_EQ(back13->variant, 0);
    EXPECT_EQ(back13->free_external_blocks, 0x01E0);
    EXPECT_FALSE(decode_admin_status(Bytes{1, 2, 3}).has_value());
    EXPECT_FALSE(decode_admin_status(Bytes{1, 2, 3, 4, 5, 6}).has_value());
}

}  // namespace
}  // namespace nk3::device
