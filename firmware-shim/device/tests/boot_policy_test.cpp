// The boot sequence and the profile's policies: what the key does when the internal filesystem
// does not mount (format, recover-journal with the v1.3 journal's replay, brick and migration,
// halt), when the external one does not, and when the FIDO state file is corrupt (defaults,
// halt).

#include <gtest/gtest.h>

#include <algorithm>

#include "device/vendor_commands.hpp"
#include "flash/flash_error.hpp"
#include "ftl/rmw_ftl.hpp"
#include "storage/pre_journal_migration.hpp"
#include "test_host.hpp"

namespace nk3::device {
namespace {

using namespace testing;

constexpr const char* kAttestationCert = "fido/x5c/00";
constexpr const char* kStateFile = "fido/dat/persistent-state.cbor";

// A shipped profile with one piece of its text replaced.
profiles::DeviceProfile variant_of(const std::string& name, const std::string& from,
                                   const std::string& to) {
    std::string text(profiles::builtin_profile_text(name));
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    return profiles::parse_profile(text, "profiles/" + name + "-variant.yaml");
}

std::uint32_t journal_pages(const storage::StackConfig& c) {
    return c.ftl.mode == ftl::FtlMode::journaled ? 2 : 0;
}

// Overwrites the superblock pair (filesystem blocks 0 and 1) with zeros, behind the firmware's
// back (as a flash fault would).
void smash_superblock(storage::StorageStack& stack) {
    const auto& c = stack.config();
    auto bytes = stack.flash().contents();
    const std::size_t at = journal_pages(c) * c.geometry.erase_size;
    std::fill_n(bytes.begin() + static_cast<long>(at), 2 * c.block_size(), 0x00);
    stack.flash().set_contents(bytes);
}

// Erases the journal's pages: nothing to replay.
void clear_journal(storage::StorageStack& stack) {
    const auto& c = stack.config();
    auto bytes = stack.flash().contents();
    std::fill_n(bytes.begin(), journal_pages(c) * c.geometry.erase_size, 0xFF);
    stack.flash().set_contents(bytes);
}

void write_state_file(VirtualNk3& key, const Bytes& content) {
    auto& fs = key.internal().fs();
    for (const char* dir : {"fido", "fido/dat"})
        if (!fs.exists(dir)) fs.mkdir(dir);
    fs.write_file(kStateFile, content);
}

TEST(BootPolicy, FreshKeyMountsBothAndHasItsAttestation) {
    for (const auto& name : profiles::builtin_profile_names()) {
        SCOPED_TRACE(name);
        VirtualNk3 key(profile(name), 1);
        EXPECT_TRUE(key.powered());
        EXPECT_FALSE(key.halted());
        const BootInfo& boot = key.last_boot();
        EXPECT_TRUE(boot.internal_mounted);
        EXPECT_TRUE(boot.external_mounted);
        EXPECT_FALSE(boot.internal_formatted);
        EXPECT_FALSE(boot.external_formatted);
        EXPECT_FALSE(boot.halted);
        EXPECT_FALSE(boot.state_file_reset);
        EXPECT_TRUE(key.internal().fs().exists(kAttestationCert));
        TestHost host(key);
        EXPECT_TRUE(host.init().has_value());
    }
}

// Both format; only firmware from 1.3.0 flags it (v1.2.2's runners/embedded/src/lib.rs formats
// without a status flag).
TEST(BootPolicy, FormatWipesTheFidoStateAndFlagsTheInternalFlash) {
    for (const char* name : {"nk3am-1.2.2", "nk3xn-1.3.1"}) {
        SCOPED_TRACE(name);
        const std::uint8_t flag =
            std::string(name) == "nk3am-1.2.2" ? 0 : init_flag::kInternalFlashError;
        VirtualNk3 key(profile(name), 1);
        smash_superblock(key.internal());
        key.power_cycle();
        const BootInfo& boot = key.last_boot();
        EXPECT_TRUE(boot.internal_formatted);
        EXPECT_TRUE(boot.internal_mounted);
        EXPECT_FALSE(boot.halted);
        EXPECT_NE(boot.detail.find("formatted"), std::string::npos) << boot.detail;
        EXPECT_FALSE(key.internal().fs().exists(kAttestationCert));  // self attestation from now
        EXPECT_EQ(key.status().init_flags & init_flag::kInternalFlashError, flag);
        TestHost host(key);
        const auto cid = host.init();
        ASSERT_TRUE(cid);
        const auto answer = host.transact(*cid, vendor::kAdmin, {vendor::admin::kStatus});
        ASSERT_TRUE(answer);
        const auto status = decode_admin_status(answer->payload);
        ASSERT_TRUE(status);
        EXPECT_EQ(status->init_flags, flag);
        // The next boot finds a good (empty) filesystem: the flag goes.
        key.power_cycle();
        EXPECT_FALSE(key.last_boot().internal_formatted);
        EXPECT_EQ(key.status().init_flags, 0);
    }
}

TEST(BootPolicy, HaltLeavesAKeyThatAnswersNothing) {
    VirtualNk3 key(variant_of("nk3am-1.2.2", "on_mount_failure: format", "on_mount_failure: halt"),
                   1);
    smash_superblock(key.internal());
    key.power_cycle();
    EXPECT_TRUE(key.powered());
    EXPECT_TRUE(key.halted());
    EXPECT_TRUE(key.last_boot().halted);
    EXPECT_FALSE(key.last_boot().internal_formatted);
    EXPECT_NE(key.last_boot().detail.find("did not mount"), std::string::npos);
    TestHost host(key);
    EXPECT_FALSE(host.init().has_value());
    EXPECT_FALSE(key.read().has_value());
    // Still bricked after another power cycle: nothing was written.
    key.power_cycle();
    EXPECT_TRUE(key.halted());
}

// v1.3 firmware: nothing to replay means the journal is re-formatted and its placeholder
// replayed, which panics. The key is dead at this and every later power-up.
TEST(BootPolicy, RecoverJournalPanicsWhenTheJournalHasNothing) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    key.power_off();
    clear_journal(key.internal());
    smash_superblock(key.internal());
    for (int boot = 0; boot < 3; ++boot) {
        SCOPED_TRACE(boot);
        key.power_on();
        EXPECT_TRUE(key.halted());
        EXPECT_TRUE(key.last_boot().panicked);
        EXPECT_FALSE(key.last_boot().journal_replayed);
        EXPECT_NE(key.last_boot().detail.find("16..4112"), std::string::npos)
            << key.last_boot().detail;
        TestHost host(key);
        EXPECT_FALSE(host.init().has_value());
        key.power_off();
    }
}

// A filesystem block in the superblock pair's page that reads all 0xFF (unused), else 15.
std::uint32_t idle_block_in_superblock_page(VirtualNk3& key) {
    auto& dev = key.internal().device();
    const std::uint32_t per_page = key.internal().config().geometry.erase_size / dev.block_size();
    for (std::uint32_t b = 2; b < per_page; ++b) {
        Bytes got(dev.block_size());
        dev.read(b, 0, got);
        if (got == Bytes(got.size(), 0xFF)) return b;
    }
    return per_page - 1;
}

// Erases `victim` with a cut right after its page's erase; the key is off afterwards.
void cut_erase_after_page_erase(VirtualNk3& key, std::uint32_t victim) {
    auto& domain = key.power_domain();
    const std::uint32_t page_address = 2 * key.internal().config().geometry.erase_size;
    // Dry run: which operation is the page erase?
    const auto snap = key.snapshot();
    domain.set_recording(true);
    domain.clear_log();
    const std::uint64_t start = domain.next_index();
    key.internal().device().erase(victim);
    std::optional<std::uint64_t> page_erase;
    for (const auto& op : domain.log())
        if (op.kind == flash::OpKind::erase && op.chip == 0 && op.address == page_address)
            page_erase = op.index;
    domain.set_recording(false);
    ASSERT_TRUE(page_erase);
    key.restore(snap);
    ASSERT_EQ(domain.next_index(), start);
    key.cut_after(*page_erase - start, flash::CutMode::after);
    EXPECT_THROW(key.internal().device().erase(victim), flash::PowerLoss);
    key.power_off();  // the test, not the firmware, ran into the cut
}

// One journaled erase that changes nothing (a block read, erased, programmed back): after it,
// the next erase of the power-up is recoverable on v1.3 firmware.
void harmless_erase(VirtualNk3& key, std::uint32_t block) {
    auto& dev = key.internal().device();
    Bytes keep(dev.block_size());
    dev.read(block, 0, keep);
    dev.erase(block);
    if (keep != Bytes(keep.size(), 0xFF)) dev.prog(block, 0, keep);
}

// A block erase cut right after its page erase, the page holding the superblock pair: from the
// second erase of a power-up on, the journal puts the neighbours back (flag 0x02 all the same).
TEST(BootPolicy, RecoverJournalReplaysAnInterruptedErase) {
    for (const char* name : {"nk3am-1.3.1", "model-nk3am-wal"}) {
        SCOPED_TRACE(name);
        VirtualNk3 key(profile(name), 1);
        const std::uint32_t last = key.internal().device().block_count() - 1;
        harmless_erase(key, last);
        cut_erase_after_page_erase(key, idle_block_in_superblock_page(key));
        EXPECT_FALSE(key.powered());
        key.power_on();
        const BootInfo& boot = key.last_boot();
        EXPECT_TRUE(boot.journal_replayed) << boot.detail;
        EXPECT_TRUE(boot.internal_mounted) << boot.detail;
        EXPECT_FALSE(boot.internal_formatted);
        EXPECT_FALSE(key.halted());
        EXPECT_TRUE(key.internal().fs().exists(kAttestationCert));
        if (std::string(name) == "nk3am-1.3.1") {
            EXPECT_EQ(key.status().init_flags, init_flag::kInternalFlashError);
        }
        TestHost host(key);
        EXPECT_TRUE(host.init().has_value());
    }
}

// The same cut in the first erase after a power-up bricks a v1.3 key: the replay takes the
// placeholder, erases journal slot 0 and panics, at every later power-up too.
TEST(BootPolicy, FirstEraseOfAPowerUpCutBricksAV13Key) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    cut_erase_after_page_erase(key, idle_block_in_superblock_page(key));
    for (int boot = 0; boot < 3; ++boot) {
        SCOPED_TRACE(boot);
        key.power_on();
        EXPECT_TRUE(key.halted());
        EXPECT_TRUE(key.last_boot().panicked) << key.last_boot().detail;
        TestHost host(key);
        EXPECT_FALSE(host.init().has_value());
        key.power_cycle();
        EXPECT_TRUE(key.halted());
        key.power_off();
    }
}

// The first boot of v1.3.1 on a key that ran <= 1.2.2: the pre-journal layout is migrated
// through the external flash's spare; the files survive and flag 0x02 is set once.
TEST(BootPolicy, PreJournalLayoutIsMigratedAtTheFirstV13Boot) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    const fs::Tree before = key.internal().fs().tree();
    ASSERT_FALSE(before.nodes.empty());
    {
        // Rewrite the internal chip as v1.2.2 would have left it (blank chip first).
        auto& chip = key.internal().flash();
        for (std::uint32_t p = 0; p < chip.geometry().page_count; ++p)
            chip.erase_page(p);
        ftl::RmwFtl old(chip, 256);
        const fs::FsConfig cfg = storage::pre_journal_fs_config(key.internal().config());
        fs::Filesystem::format(old, cfg);
        fs::Filesystem f = fs::Filesystem::mount(old, cfg);
        for (const auto& [path, content] : before.nodes) {
            if (content)
                f.write_file(path, *content);
            else
                f.mkdir(path);
        }
    }
    key.power_cycle();
    const BootInfo& boot = key.last_boot();
    EXPECT_FALSE(key.halted()) << boot.detail;
    EXPECT_TRUE(boot.migrated) << boot.detail;
    EXPECT_FALSE(boot.migration_failed) << boot.detail;
    EXPECT_EQ(key.internal().fs().tree(), before);
    EXPECT_EQ(key.status().init_flags, init_flag::kInternalFlashError);
    key.power_cycle();
    EXPECT_FALSE(key.last_boot().migrated);
    EXPECT_EQ(key.status().init_flags, 0);
    EXPECT_TRUE(answers_get_info(key));
}

TEST(BootPolicy, ExternalFlashIsFormattedWhenItDoesNotMount) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    key.power_off();
    smash_superblock(key.external());
    key.power_on();
    EXPECT_TRUE(key.last_boot().external_formatted);
    EXPECT_TRUE(key.last_boot().external_mounted);
    EXPECT_FALSE(key.last_boot().internal_formatted);
    EXPECT_TRUE(key.internal().fs().exists(kAttestationCert));
    EXPECT_EQ(key.status().init_flags, init_flag::kExternalFlashError);
}

TEST(BootPolicy, CorruptStateFileStartsFromDefaults) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    write_state_file(key, Bytes{0xFF, 0x00, 0x13, 0x37});
    key.power_cycle();
    EXPECT_FALSE(key.halted());
    EXPECT_TRUE(key.last_boot().state_file_reset) << key.last_boot().detail;
    EXPECT_TRUE(answers_get_info(key));
}

TEST(BootPolicy, CorruptStateFileHaltsWhenTheProfileSaysSo) {
    VirtualNk3 key(
        variant_of("nk3am-1.3.1", "on_state_file_corrupt: defaults", "on_state_file_corrupt: halt"),
        1);
    EXPECT_FALSE(key.halted());  // a fresh key has no state file yet, which is no corruption
    write_state_file(key, Bytes{0xFF, 0x00, 0x13, 0x37});
    key.power_cycle();
    EXPECT_TRUE(key.halted());
    EXPECT_TRUE(key.last_boot().halted);
    TestHost host(key);
    EXPECT_FALSE(host.init().has_value());
}

}  // namespace
}  // namespace nk3::device
