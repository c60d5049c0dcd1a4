// Firmware panics on the request path: a filesystem error the FIDO application does not handle,
// or the attestation key without its certificate, halts the key (no answer, no USB) until the
// next power-up, as the NK3's panic handler does. Also the first request's rng-state write.

#include <gtest/gtest.h>

#include "device/virtual_nk3.hpp"
#include "test_host.hpp"

namespace nk3::device::testing {
namespace {

TEST(PanicHalt, MissingCertificateHaltsAtGetInfoUntilPowerUp) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 3);
    key.internal().fs().remove("fido/x5c/00");
    TestHost host(key);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    EXPECT_FALSE(host.cbor(*cid, ctap::kGetInfo, std::nullopt, 2s));
    EXPECT_TRUE(key.halted());
    EXPECT_NE(key.last_boot().detail.find("panic"), std::string::npos) << key.last_boot().detail;
    EXPECT_FALSE(host.init(200ms));  // no USB either
    key.power_cycle();
    EXPECT_FALSE(key.halted());
    // The certificate is still missing: the next getInfo panics again.
    EXPECT_FALSE(answers_get_info(key));
    EXPECT_TRUE(key.halted());
}

// A file where trussed needs its directory: create_directories panics on anything but
// "exists" (trussed 0.1.0 `src/store.rs`), so the first request of every power-up halts.
TEST(PanicHalt, AFilesystemErrorAtTheRngStateWriteHalts) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 4);
    // An rng-state that is not 32 bytes (an empty one is what a cut in its creation leaves, as
    // littlefs commits a new file's entry before its data) trips trussed at every first request.
    key.internal().fs().write_file("trussed/dat/rng-state.bin", std::vector<std::uint8_t>{});
    EXPECT_FALSE(answers_get_info(key));
    EXPECT_TRUE(key.halted());
    key.power_cycle();
    EXPECT_FALSE(answers_get_info(key));
    EXPECT_TRUE(key.halted());
}

TEST(PanicHalt, OnlyTheFirstRequestOfAPowerUpWritesTheRngState) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 5);
    TestHost host(key);
    const auto cid = host.init();
    ASSERT_TRUE(cid);
    const auto before = key.power_domain().next_index();
    ASSERT_TRUE(host.cbor(*cid, ctap::kGetInfo));
    const auto after_first = key.power_domain().next_index();
    EXPECT_GT(after_first, before);
    EXPECT_TRUE(key.internal().fs().exists("trussed/dat/rng-state.bin"));
    ASSERT_TRUE(host.cbor(*cid, ctap::kGetInfo));
    EXPECT_EQ(key.power_domain().next_index(), after_first);
    // A snapshot restored in mid power-up keeps that: the next request writes nothing.
    key.restore(key.snapshot());
    const auto restored_cid = host.init();
    ASSERT_TRUE(restored_cid);
    ASSERT_TRUE(host.cbor(*restored_cid, ctap::kGetInfo));
    EXPECT_EQ(key.power_domain().next_index(), after_first);
    key.power_cycle();
    const auto cid2 = host.init();
    ASSERT_TRUE(cid2);
    const auto rebooted = key.power_domain().next_index();
    ASSERT_TRUE(host.cbor(*cid2, ctap::kGetInfo));
    EXPECT_GT(key.power_domain().next_index(), rebooted);
}

}  // namespace
}  // namespace nk3::device::testing
