// StorageStack: the boot sequence over each translation layer; the firmware journal's replay,
// brick and wipe at boot; the write-ahead journal's replay when a cut in a block erase took the
// superblock pair's page down.

#include "storage/storage_stack.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/firmware_panic.hpp"
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

// The firmware journal, with the situations built at the block-device level so that they hold
// whatever the filesystem's layout: a cut right after the page erase of a block erase in the
// page that holds blocks 0 and 1 (the superblock pair) leaves the filesystem unmountable.

// A block of `page` (a region page holding filesystem blocks) that reads all 0xFF, else its
// last block: erasing it changes nothing but the page's erase/rewrite window.
std::uint32_t idle_block_in(StorageStack& s, std::uint32_t fs_page) {
    const std::uint32_t per_page = 4096 / 256;
    for (std::uint32_t b = fs_page * per_page; b < (fs_page + 1) * per_page; ++b) {
        Bytes got(256);
        s.device().read(b, 0, got);
        if (got == Bytes(256, 0xFF)) return b;
    }
    return (fs_page + 1) * per_page - 1;
}

// One harmless journaled erase: a block's content read, the block erased, programmed back.
void harmless_erase(StorageStack& s, std::uint32_t block) {
    Bytes keep(s.device().block_size());
    s.device().read(block, 0, keep);
    s.device().erase(block);
    if (keep != Bytes(keep.size(), 0xFF)) s.device().prog(block, 0, keep);
}

// Erases `block` with a cut right after its page's erase (a firmware journal erase: slot erase,
// 4 header words, lhs and rhs when not empty, page erase).
void cut_after_page_erase(StorageStack& s, PowerDomain& d, std::uint32_t block) {
    const std::uint32_t in_page = block % 16;
    const std::uint64_t nth = 5 + (in_page != 0 ? 1 : 0) + (in_page != 15 ? 1 : 0);
    d.arm_cut({.op_index = d.next_index() + nth, .mode = CutMode::after, .seed = 0});
    EXPECT_THROW(s.device().erase(block), PowerLoss);
    d.power_on();
}

Bytes region_page(StorageStack& s, std::uint32_t page) {
    Bytes out(4096);
    s.flash().read(page * 4096, out);
    return out;
}

Bytes placeholder(std::uint32_t slot) {
    Bytes p(4096, 0xFF);
    std::fill(p.begin(), p.begin() + 256, 0);
    p[3] = static_cast<std::uint8_t>(slot);
    return p;
}

StackConfig firmware_journal() {
    return mini(ftl::FtlMode::journaled);
}

TEST(StorageStack, FirmwareJournalIsWipedAtEveryBoot) {
    PowerDomain d;
    StorageStack s(firmware_journal(), d);
    s.format_and_mount();
    s.fs().write_file("/keep", content(600, 1));
    const auto r = s.boot();
    ASSERT_TRUE(r.mounted) << r.error;
    EXPECT_FALSE(r.first_mount_failed);
    EXPECT_FALSE(r.journal_replayed);
    EXPECT_TRUE(r.journal_reset);
    EXPECT_EQ(region_page(s, 0), placeholder(0));
    EXPECT_EQ(region_page(s, 1), placeholder(1));
    EXPECT_EQ(s.fs().read_file("/keep"), content(600, 1));
}

// From the second erase of a power-up on, a cut that leaves the filesystem unmountable is
// repaired: the entry's counter (1) beats the placeholder's (0).
TEST(StorageStack, FirmwareJournalReplaysTheSecondEraseOfAPowerUp) {
    PowerDomain d;
    StorageStack s(firmware_journal(), d);
    s.format_and_mount();
    s.fs().write_file("/keep", content(600, 1));
    ASSERT_TRUE(s.boot().mounted);
    harmless_erase(s, idle_block_in(s, 3));
    const std::uint32_t victim = idle_block_in(s, 0);
    const Bytes before = region_page(s, 2);
    cut_after_page_erase(s, d, victim);
    std::string error;
    EXPECT_FALSE(s.try_mount(error)) << "the cut should leave the superblock page erased";
    const auto r = s.boot();
    EXPECT_TRUE(r.first_mount_failed);
    EXPECT_TRUE(r.journal_replayed);
    ASSERT_TRUE(r.mounted) << r.error;
    Bytes want = before;
    std::fill(want.begin() + (victim % 16) * 256, want.begin() + (victim % 16 + 1) * 256, 0xFF);
    EXPECT_EQ(region_page(s, 2), want);
    EXPECT_EQ(region_page(s, 0), placeholder(0));  // wiped after the replay
    EXPECT_EQ(s.fs().read_file("/keep"), content(600, 1));
}

// The brick: the same cut in the first erase of the power-up. Replay picks the placeholder
// (counter 1 in slot 1), erases page 0 (slot 0, the real entry) and panics; every later boot
// re-formats the journal and does the same.
TEST(StorageStack, FirmwareJournalFirstEraseOfAPowerUpPanicsAtEveryBoot) {
    PowerDomain d;
    StorageStack s(firmware_journal(), d);
    s.format_and_mount();
    s.fs().write_file("/keep", content(600, 1));
    ASSERT_TRUE(s.boot().mounted);
    cut_after_page_erase(s, d, idle_block_in(s, 0));
    for (int boot = 0; boot < 4; ++boot) {
        SCOPED_TRACE(boot);
        try {
            s.boot();
            ADD_FAILURE() << "no panic";
        } catch (const FirmwarePanic& e) {
            EXPECT_NE(std::string(e.what()).find("16..4112"), std::string::npos) << e.what();
        }
        EXPECT_FALSE(s.mounted());
        EXPECT_EQ(region_page(s, 0), Bytes(4096, 0xFF));
        EXPECT_EQ(region_page(s, 2), Bytes(4096, 0xFF));
    }
}

// A torn erase window that leaves the filesystem mountable is not repaired, and the journal
// that could have repaired it is wiped at that same boot.
TEST(StorageStack, FirmwareJournalLeavesAMountableTornEraseUnrepaired) {
    PowerDomain d;
    StorageStack s(firmware_journal(), d);
    s.format_and_mount();
    s.fs().write_file("/keep", content(600, 1));
    ASSERT_TRUE(s.boot().mounted);
    harmless_erase(s, idle_block_in(s, 3));
    // A page far from the superblock pair, filled with known bytes in its free blocks.
    const std::uint32_t first = 8 * 16;
    for (std::uint32_t b = first; b < first + 16; ++b) {
        Bytes got(256);
        s.device().read(b, 0, got);
        if (got == Bytes(256, 0xFF))
            s.device().prog(b, 0, content(256, static_cast<std::uint8_t>(b)));
    }
    const Bytes before = region_page(s, 2 + 8);
    ASSERT_NE(before, Bytes(4096, 0xFF));
    cut_after_page_erase(s, d, first + 15);
    const auto r = s.boot();
    ASSERT_TRUE(r.mounted) << r.error;
    EXPECT_FALSE(r.first_mount_failed);
    EXPECT_FALSE(r.journal_replayed);
    EXPECT_TRUE(r.journal_reset);
    EXPECT_EQ(region_page(s, 2 + 8), Bytes(4096, 0xFF));  // the 15 neighbours stay lost
    EXPECT_EQ(region_page(s, 0), placeholder(0));         // and the evidence is gone
    EXPECT_EQ(region_page(s, 1), placeholder(1));
}

TEST(StorageStack, SnapshotCarriesTheJournalSlot) {
    PowerDomain d;
    StorageStack s(firmware_journal(), d);
    s.format_and_mount();
    ASSERT_TRUE(s.boot().mounted);
    harmless_erase(s, idle_block_in(s, 3));
    const auto snap = s.snapshot();
    EXPECT_NE(snap.layer_ram, 0u);
    s.lose_ram();
    EXPECT_EQ(s.device().ram_state(), 0u);
    s.restore(snap);
    EXPECT_EQ(s.device().ram_state(), snap.layer_ram);
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
