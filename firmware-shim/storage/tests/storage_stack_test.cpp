// StorageStack: the boot sequence over each translation layer, and journal replay when a cut in
// a block erase took the superblock pair's page down.

#include "storage/storage_stack.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "flash/flash_error.hpp"
#include "ftl/journaled_ftl.hpp"

namespace nk3::storage {
namespace {

using flash::CutMode;
using flash::FlashGeometry;
using flash::OpKind;
using flash::PowerDomain;
using flash::PowerLoss;
using Bytes = std::vector<std::uint8_t>;

Bytes content(std::size_t n, std::uint8_t seed) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i)
        b[i] = static_cast<std::uint8_t>(seed + i * 3);
    return b;
}

StackConfig plain() {
    return {.geometry = FlashGeometry::nrf52840_internal(20), .ftl = {}, .fs = {}};
}

StackConfig mini(ftl::FtlMode mode,
                 ftl::JournalReplay replay = ftl::JournalReplay::on_mount_failure) {
    return {.geometry = FlashGeometry::nrf52840_internal(12),
            .ftl = {.mode = mode, .block_size = 256, .replay = replay},
            .fs = {.prog_size = 256}};
}

TEST(StorageStack, BlankChipDoesNotMount) {
    PowerDomain d;
    StorageStack s(plain(), d);
    const auto r = s.boot();
    EXPECT_FALSE(r.mounted);
    EXPECT_FALSE(r.journal_replayed);
    EXPECT_NE(r.error.find("littlefs: mount"), std::string::npos) << r.error;
    EXPECT_FALSE(s.mounted());
    try {
        s.fs();
        ADD_FAILURE() << "fs() on an unmounted stack";
    } catch (const fs::FsError& e) {
        EXPECT_EQ(e.code(), fs::FsErrc::not_mounted);
    }
}

TEST(StorageStack, FormatThenBootMounts) {
    PowerDomain d;
    StorageStack s(plain(), d);
    s.format_and_mount();
    ASSERT_TRUE(s.mounted());
    s.fs().write_file("/state", content(100, 1));
    s.unmount();
    EXPECT_FALSE(s.mounted());
    const auto r = s.boot();
    EXPECT_TRUE(r.mounted);
    EXPECT_TRUE(r.error.empty());
    EXPECT_EQ(s.fs().read_file("/state"), content(100, 1));
    EXPECT_EQ(s.device().block_count(), 20u);
}

TEST(StorageStack, EachFtlModeBootsAfterFormat) {
    for (auto mode : {ftl::FtlMode::none, ftl::FtlMode::rmw, ftl::FtlMode::journaled}) {
        PowerDomain d;
        auto cfg = mini(mode);
        if (mode == ftl::FtlMode::none) cfg.fs = {};
        StorageStack s(cfg, d);
        s.format_and_mount();
        s.fs().write_file("/x", content(700, 2));
        const auto r = s.boot();
        EXPECT_TRUE(r.mounted) << to_string(mode) << ": " << r.error;
        EXPECT_EQ(s.fs().read_file("/x"), content(700, 2));
    }
}

TEST(StorageStack, TwoStacksShareOneDomain) {
    PowerDomain d;
    StorageStack a(plain(), d, 0);
    StorageStack b(plain(), d, 1);
    a.format_and_mount();
    const auto mid = d.next_index();
    b.format_and_mount();
    EXPECT_GT(d.next_index(), mid);
    EXPECT_EQ(a.flash().chip(), 0);
    EXPECT_EQ(b.flash().chip(), 1);
}

// Behind the journaled layer's two journal pages, the superblock pair (blocks 0 and 1) lives in
// the first data page.
constexpr std::uint32_t kSuperblockPage = ftl::JournaledFtl::kJournalPages * 4096;

// Cuts a small file write right after the page erase it issues at `page_address` (the page of
// the superblock pair), and returns with power back on.
void cut_page_erase(StorageStack& s, PowerDomain& d, std::uint32_t page_address) {
    ASSERT_TRUE(s.mounted());
    // Dry run to find the operation, then roll flash and clock back.
    const auto snap = s.flash().snapshot();
    const auto state = d.state();
    d.clear_log();
    d.set_recording(true);
    s.fs().write_file("/new", content(10, 9));
    d.set_recording(false);
    std::uint64_t at = UINT64_MAX;
    for (const auto& op : d.log())
        if (op.kind == OpKind::erase && op.address == page_address) {
            at = op.index;
            break;
        }
    ASSERT_NE(at, UINT64_MAX);
    s.flash().restore(snap);
    d.restore(state);
    ASSERT_TRUE(s.boot().mounted);
    d.arm_cut({.op_index = at, .mode = CutMode::after, .seed = 0});
    EXPECT_THROW(s.fs().write_file("/new", content(10, 9)), PowerLoss);
    d.power_on();
}

TEST(StorageStack, JournalReplayedWhenMountFails) {
    PowerDomain d;
    StorageStack s(mini(ftl::FtlMode::journaled, ftl::JournalReplay::on_mount_failure), d);
    s.format_and_mount();
    s.fs().write_file("/keep", content(600, 1));
    cut_page_erase(s, d, kSuperblockPage);
    const auto r = s.boot();
    EXPECT_TRUE(r.journal_replayed);
    ASSERT_TRUE(r.mounted) << r.error;
    EXPECT_TRUE(r.error.empty()) << r.error;
    EXPECT_EQ(s.fs().read_file("/keep"), content(600, 1));
    EXPECT_FALSE(s.fs().exists("/new"));
}

TEST(StorageStack, JournalReplayedAtBootWithOnBootPolicy) {
    PowerDomain d;
    StorageStack s(mini(ftl::FtlMode::journaled, ftl::JournalReplay::on_boot), d);
    s.format_and_mount();
    s.fs().write_file("/keep", content(600, 1));
    cut_page_erase(s, d, kSuperblockPage);
    const auto r = s.boot();
    EXPECT_TRUE(r.journal_replayed);
    ASSERT_TRUE(r.mounted) << r.error;
    EXPECT_EQ(s.fs().read_file("/keep"), content(600, 1));
    // A clean boot does not replay again.
    const auto again = s.boot();
    EXPECT_TRUE(again.mounted);
    EXPECT_FALSE(again.journal_replayed);
}

TEST(StorageStack, RmwLosesTheSuperblockPageOnTheSameCut) {
    PowerDomain d;
    StorageStack s(mini(ftl::FtlMode::rmw), d);
    s.format_and_mount();
    s.fs().write_file("/keep", content(600, 1));
    // rmw has no journal pages: the superblock pair's page is page 0.
    cut_page_erase(s, d, 0);
    const auto r = s.boot();
    EXPECT_FALSE(r.mounted);
    EXPECT_FALSE(r.journal_replayed);
    EXPECT_FALSE(r.error.empty());
}

TEST(StorageStack, BootPropagatesPowerLoss) {
    PowerDomain d;
    StorageStack s(mini(ftl::FtlMode::journaled, ftl::JournalReplay::on_boot), d);
    s.format_and_mount();
    s.fs().write_file("/keep", content(600, 1));
    cut_page_erase(s, d, kSuperblockPage);
    // The replay at boot is itself cut.
    d.arm_cut({.op_index = d.next_index(), .mode = CutMode::before, .seed = 0});
    EXPECT_THROW(s.boot(), PowerLoss);
    EXPECT_FALSE(s.mounted());
    d.power_on();
    const auto r = s.boot();
    EXPECT_TRUE(r.mounted) << r.error;
    EXPECT_EQ(s.fs().read_file("/keep"), content(600, 1));
}

}  // namespace
}  // namespace nk3::storage
