// The NK3's storage boot (storage/board_boot.hpp): flags, the policy per model and version, the
// firmware journal's wipe, and the v1.3 migration from the pre-journal layout with cuts in it.
// Unmountable situations are built at the flash level, so the tests hold for any filesystem.

#include "storage/board_boot.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/firmware_panic.hpp"
#include "flash/flash_error.hpp"
#include "ftl/journaled_ftl.hpp"
#include "ftl/rmw_ftl.hpp"
#include "storage/efs_backup.hpp"
#include "storage/pre_journal_migration.hpp"

namespace nk3::storage {
namespace {

using flash::CutMode;
using flash::FlashGeometry;
using flash::FlashOp;
using flash::OpKind;
using flash::PowerDomain;
using flash::PowerLoss;
using Bytes = std::vector<std::uint8_t>;

Bytes content(std::size_t n, std::uint8_t seed) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i)
        b[i] = static_cast<std::uint8_t>(seed + i * 7);
    return b;
}

// The NK3A mini from v1.3.0: 20 pages, the firmware journal; external GD25Q16 cut to 64
// sectors, the last 32 of them the spare.
StackConfig nrf52_internal() {
    return {.geometry = FlashGeometry::nrf52840_internal(20),
            .ftl = {.mode = ftl::FtlMode::journaled, .block_size = 256},
            .fs = {.prog_size = 256}};
}
StackConfig nrf52_external() {
    return {.geometry = FlashGeometry::gd25q16(64),
            .ftl = {.mode = ftl::FtlMode::none, .spare_pages = 32},
            .fs = {}};
}
const BoardBootConfig kV131{MountFailure::recover_journal, true, true};

struct Board {
    PowerDomain d;
    StorageStack internal{nrf52_internal(), d, 0};
    StorageStack external{nrf52_external(), d, 1};

    void factory() {
        internal.format_and_mount();
        internal.fs().mkdir("/fido");
        internal.fs().write_file("/fido/state", content(90, 1));
        internal.lose_ram();
        external.format_and_mount();
        external.lose_ram();
    }
    BoardBootReport boot(const BoardBootConfig& c = kV131) {
        return boot_board(internal, external, c);
    }
};

Bytes page(flash::NorFlash& f, std::uint32_t p) {
    Bytes out(f.geometry().erase_size);
    f.read(p * f.geometry().erase_size, out);
    return out;
}

TEST(BoardBoot, CleanBootHasNoFlagsAndWipesTheJournal) {
    Board b;
    b.factory();
    const auto r = b.boot();
    EXPECT_TRUE(r.internal_mounted);
    EXPECT_TRUE(r.external_mounted);
    EXPECT_FALSE(r.internal_first_mount_failed);
    EXPECT_TRUE(r.journal_reset);
    EXPECT_EQ(r.init_flags, 0);
    EXPECT_EQ(b.external.device().block_count(), 32u);  // the spare is not the filesystem's
    // 288 blocks minus a few: more than a u8 holds.
    EXPECT_EQ(r.free_internal_blocks, 0xFF);
    EXPECT_EQ(r.free_external_blocks, b.external.fs().free_blocks());
}

TEST(BoardBoot, FormatPolicySetsFlagsOnlyWhenTheFirmwareHasThem) {
    for (bool flags : {true, false}) {
        Board b;  // blank chips: nothing mounts
        const auto r = b.boot({MountFailure::format, false, flags});
        EXPECT_TRUE(r.internal_first_mount_failed);
        EXPECT_TRUE(r.internal_formatted);
        EXPECT_TRUE(r.external_formatted);
        EXPECT_TRUE(r.internal_mounted);
        EXPECT_EQ(r.init_flags,
                  flags ? init_flag::kInternalFlashError | init_flag::kExternalFlashError : 0);
    }
}

TEST(BoardBoot, HaltPolicyStopsWithoutPanic) {
    Board b;
    b.external.format_and_mount();
    const auto r = b.boot({MountFailure::halt, false, true});
    EXPECT_TRUE(r.halted);
    EXPECT_FALSE(r.internal_mounted);
}

// A blank internal chip under v1.3: no old layout, the replay reads a re-formatted journal
// (the placeholder) and panics.
TEST(BoardBoot, UnmountableInternalWithoutOldLayoutPanics) {
    Board b;
    b.external.format_and_mount();
    EXPECT_THROW(b.boot(), FirmwarePanic);
    EXPECT_THROW(b.boot(), FirmwarePanic);
}

// Flag 0x02 is set when the first mount failed even though the journal then repaired it.
TEST(BoardBoot, SuccessfulReplayStillSetsTheInternalFlashErrorFlag) {
    Board b;
    b.factory();
    ASSERT_EQ(b.boot().init_flags, 0);
    auto& dev = b.internal.device();
    // First erase of the power-up (harmless: an idle block of fs page 5 programmed back), then
    // the second cut right after its page erase in the superblock pair's page.
    Bytes keep(256);
    dev.read(5 * 16 + 15, 0, keep);
    dev.erase(5 * 16 + 15);
    if (keep != Bytes(256, 0xFF)) dev.prog(5 * 16 + 15, 0, keep);
    // A block of the superblock pair's page the filesystem does not use (reads all 0xFF).
    std::uint32_t victim = 14;
    for (std::uint32_t blk = 2; blk < 15; ++blk) {
        Bytes got(256);
        dev.read(blk, 0, got);
        if (got == Bytes(256, 0xFF)) {
            victim = blk;
            break;
        }
    }
    // Slot erase, 4 header words, lhs, rhs, then (op 7) the page erase.
    b.d.arm_cut({.op_index = b.d.next_index() + 7, .mode = CutMode::after, .seed = 0});
    EXPECT_THROW(dev.erase(victim), PowerLoss);
    b.d.power_on();
    const auto r = b.boot();
    EXPECT_TRUE(r.internal_first_mount_failed);
    EXPECT_TRUE(r.journal_replayed);
    EXPECT_FALSE(r.migrated);
    EXPECT_EQ(r.init_flags, init_flag::kInternalFlashError);
    EXPECT_EQ(b.internal.fs().read_file("/fido/state"), content(90, 1));
}

// An internal chip written by firmware <= 1.2.2: rmw over the whole region, programs of 4 B.
void write_old_layout(Board& b) {
    ftl::RmwFtl old(b.internal.flash(), 256);
    const fs::FsConfig cfg = pre_journal_fs_config(b.internal.config());
    fs::Filesystem::format(old, cfg);
    fs::Filesystem f = fs::Filesystem::mount(old, cfg);
    f.mkdir("/fido");
    f.mkdir("/fido/dat");
    f.mkdir("/fido/sec");
    f.write_file("/fido/dat/persistent-state.cbor", content(120, 3));
    f.write_file("/fido/sec/00", content(36, 4));
    f.mkdir("/trussed");
    f.write_file("/trussed/rng-state.bin", content(32, 5));
    b.external.format_and_mount();
    b.external.lose_ram();
}

fs::Tree old_tree(Board& b) {
    ftl::RmwFtl old(b.internal.flash(), 256);
    return fs::Filesystem::mount(old, pre_journal_fs_config(b.internal.config())).tree();
}

TEST(BoardBoot, MigrationCarriesEveryFileIntoTheNewLayout) {
    Board b;
    write_old_layout(b);
    const fs::Tree want = old_tree(b);
    EXPECT_TRUE(pre_journal_layout_mounts(b.internal));
    const auto r = b.boot();
    EXPECT_TRUE(r.internal_first_mount_failed);
    EXPECT_TRUE(r.migrated);
    EXPECT_FALSE(r.migration_failed);
    EXPECT_FALSE(r.internal_formatted);
    EXPECT_EQ(r.init_flags, init_flag::kInternalFlashError);
    EXPECT_EQ(b.internal.fs().tree(), want);
    // The spare is erased again, the journal holds its placeholders.
    for (std::uint32_t s = 32; s < 64; ++s)
        EXPECT_EQ(page(b.external.flash(), s), Bytes(4096, 0xFF));
    EXPECT_EQ(page(b.internal.flash(), 0)[3], 0);
    EXPECT_EQ(page(b.internal.flash(), 1)[3], 1);
    // The next boot is an ordinary one.
    const auto again = b.boot();
    EXPECT_FALSE(again.internal_first_mount_failed);
    EXPECT_EQ(again.init_flags, 0);
    EXPECT_EQ(b.internal.fs().tree(), want);
}

// The operations of a whole boot that migrates, recorded on a copy of the chips.
std::vector<FlashOp> migration_ops(Board& b) {
    const auto si = b.internal.flash().snapshot();
    const auto se = b.external.flash().snapshot();
    const auto state = b.d.state();
    b.d.clear_log();
    b.d.set_recording(true);
    b.boot();
    b.d.set_recording(false);
    auto log = b.d.log();
    b.d.clear_log();
    b.internal.flash().restore(si);
    b.external.flash().restore(se);
    b.d.restore(state);
    b.internal.lose_ram();
    b.external.lose_ram();
    return log;
}

// Index in `log` of the last external program before the first internal erase that follows
// the backup: the backup's end delimiter.
std::size_t end_of_backup(const std::vector<FlashOp>& log) {
    std::size_t last_ext_prog = 0;
    for (std::size_t i = 0; i < log.size(); ++i) {
        if (log[i].chip == 1 && log[i].kind == OpKind::program) last_ext_prog = i;
        if (log[i].chip == 0 && last_ext_prog != 0) return last_ext_prog;
    }
    return log.size();
}

// A cut right after the migration's own format_journal_blocks (after the new layout's format,
// before the restore): the next boot finds an empty filesystem that mounts, flags nothing, and
// never restores.
TEST(BoardBoot, MigrationCutAfterTheFormatLosesEverythingSilently) {
    Board b;
    write_old_layout(b);
    const auto log = migration_ops(b);
    // format_journal_blocks: erase 0, erase 4096, program 0 (4 B), ... The boot's own wipe is
    // the last occurrence; the migration's is the one before it.
    std::vector<std::size_t> wipes;
    for (std::size_t i = 0; i + 2 < log.size(); ++i)
        if (log[i].chip == 0 && log[i].kind == OpKind::erase && log[i].address == 0 &&
            log[i + 1].kind == OpKind::erase && log[i + 1].address == 4096 &&
            log[i + 2].kind == OpKind::program && log[i + 2].address == 0)
            wipes.push_back(i);
    ASSERT_GE(wipes.size(), 2u);
    const std::size_t after_wipe = wipes[wipes.size() - 2] + 6;
    ASSERT_GT(after_wipe, end_of_backup(log));
    b.d.arm_cut({.op_index = log[after_wipe].index, .mode = CutMode::before, .seed = 0});
    EXPECT_THROW(b.boot(), PowerLoss);
    b.d.power_on();
    const auto r = b.boot();
    EXPECT_FALSE(r.internal_first_mount_failed);
    EXPECT_FALSE(r.migrated);
    EXPECT_EQ(r.init_flags, 0);
    EXPECT_TRUE(b.internal.fs().tree().nodes.empty());
}

// A cut in the middle of the new layout's format: the old layout's superblock page (region
// page 0, now a journal slot) is gone and the new layout has no superblock yet. Neither
// mounts: the replay panics, at every boot, with the backup unused in the spare.
TEST(BoardBoot, MigrationCutDuringTheFormatHaltsTheKeyForever) {
    Board b;
    write_old_layout(b);
    const auto log = migration_ops(b);
    const std::size_t from = end_of_backup(log);
    ASSERT_LT(from, log.size());
    // The first erase of region page 0 after the backup: the format's first journal write (or
    // the journal format a 0xFFFFFFFF counter triggers).
    std::size_t at = log.size();
    for (std::size_t i = from; i < log.size(); ++i)
        if (log[i].chip == 0 && log[i].kind == OpKind::erase && log[i].address == 0) {
            at = i;
            break;
        }
    ASSERT_LT(at, log.size());
    // Nothing of the new layout's format may have been committed yet: no internal program
    // outside the journal pages between the backup and this erase.
    bool committed = false;
    for (std::size_t i = from; i < at; ++i)
        if (log[i].chip == 0 && log[i].kind == OpKind::program && log[i].address >= 8192)
            committed = true;
    if (committed) GTEST_SKIP() << "this filesystem committed its superblock before the erase";
    b.d.arm_cut({.op_index = log[at].index, .mode = CutMode::after, .seed = 0});
    EXPECT_THROW(b.boot(), PowerLoss);
    b.d.power_on();
    EXPECT_FALSE(pre_journal_layout_mounts(b.internal));
    for (int boot = 0; boot < 3; ++boot)
        EXPECT_THROW(b.boot(), FirmwarePanic) << boot;
    // The backup is still in the spare: its start delimiter is there.
    Bytes head(4);
    b.external.flash().read(EfsBackup(b.external.flash()).spare_offset(), head);
    EXPECT_EQ(head, (Bytes{'S', 'B', '|', '|'}));
}

// A migration whose backup fails (an entry too large for the blob) formats the internal
// filesystem: every file is gone, the key boots.
TEST(BoardBoot, FailedMigrationFormats) {
    Board b;
    write_old_layout(b);
    {
        ftl::RmwFtl old(b.internal.flash(), 256);
        auto f = fs::Filesystem::mount(old, pre_journal_fs_config(b.internal.config()));
        f.write_file("/big", content(3000, 9));
    }
    const auto r = b.boot();
    EXPECT_TRUE(r.migrated);
    EXPECT_TRUE(r.migration_failed);
    EXPECT_TRUE(r.internal_formatted);
    EXPECT_EQ(r.init_flags, init_flag::kInternalFlashError);  // no 0x08 on the NK3A mini
    EXPECT_TRUE(b.internal.fs().tree().nodes.empty());
    EXPECT_NE(r.detail.find("migration failed"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace nk3::storage
