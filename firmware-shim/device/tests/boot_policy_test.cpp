// The boot sequence and the profile's policies: what the key does when the internal filesystem
// does not mount (format, recover-journal, halt), when the external one does not, and when the
// FIDO state file is corrupt (defaults, halt).

#include <gtest/gtest.h>

#include <algorithm>

#include "device/vendor_commands.hpp"
#include "flash/flash_error.hpp"
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

TEST(BootPolicy, FormatWipesTheFidoStateAndFlagsTheInternalFlash) {
    for (const char* name : {"nk3am-1.2.2", "nk3xn-1.3.1"}) {
        SCOPED_TRACE(name);
        VirtualNk3 key(profile(name), 1);
        smash_superblock(key.internal());
        key.power_cycle();
        const BootInfo& boot = key.last_boot();
        EXPECT_TRUE(boot.internal_formatted);
        EXPECT_TRUE(boot.internal_mounted);
        EXPECT_FALSE(boot.halted);
        EXPECT_NE(boot.detail.find("formatted"), std::string::npos) << boot.detail;
        EXPECT_FALSE(key.internal().fs().exists(kAttestationCert));  // self attestation from now
        EXPECT_TRUE(key.status().init_flags & init_flag::kInternalFlashError);
        TestHost host(key);
        const auto cid = host.init();
        ASSERT_TRUE(cid);
        const auto answer = host.transact(*cid, vendor::kAdmin, {vendor::admin::kStatus});
        ASSERT_TRUE(answer);
        const auto status = decode_admin_status(answer->payload);
        ASSERT_TRUE(status);
        EXPECT_EQ(status->init_flags, init_flag::kInternalFlashError);
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

TEST(BootPolicy, RecoverJournalHaltsWhenTheJournalHasNothing) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 1);
    key.power_off();
    clear_journal(key.internal());
    smash_superblock(key.internal());
    key.power_on();
    EXPECT_TRUE(key.halted());
    EXPECT_FALSE(key.last_boot().journal_replayed);
    EXPECT_NE(key.last_boot().detail.find("nothing to replay"), std::string::npos)
        << key.last_boot().detail;
    TestHost host(key);
    EXPECT_FALSE(host.init().has_value());
}

// A block erase of the journaled layer cut right after its page erase: the page holding the
// superblock pair is blank, its neighbours are in the journal.
TEST(BootPolicy, RecoverJournalReplaysAnInterruptedErase) {
    for (const char* name : {"nk3am-1.3.1", "model-nk3am-wal"}) {
        SCOPED_TRACE(name);
        VirtualNk3 key(profile(name), 1);
        auto& domain = key.power_domain();
        const std::uint32_t victim = 15;  // same 4 KiB page as blocks 0 and 1
        // Dry run: which operation is the page erase?
        const auto snap = key.snapshot();
        domain.set_recording(true);
        domain.clear_log();
        const std::uint64_t start = domain.next_index();
        key.internal().device().erase(victim);
        std::optional<std::uint64_t> page_erase;
        for (const auto& op : domain.log())
            if (op.kind == flash::OpKind::erase && op.chip == 0 &&
                op.address == 2 * key.internal().config().geometry.erase_size)
                page_erase = op.index;
        domain.set_recording(false);
        ASSERT_TRUE(page_erase);
        key.restore(snap);
        ASSERT_EQ(domain.next_index(), start);

        key.cut_after(*page_erase - start, flash::CutMode::after);
        EXPECT_THROW(key.internal().device().erase(victim), flash::PowerLoss);
        key.power_off();  // the test, not the firmware, ran into the cut
        EXPECT_FALSE(key.powered());
        key.power_on();
        const BootInfo& boot = key.last_boot();
        EXPECT_TRUE(boot.journal_replayed) << boot.detail;
        EXPECT_TRUE(boot.internal_mounted) << boot.detail;
        EXPECT_FALSE(boot.internal_formatted);
        EXPECT_FALSE(key.halted());
        EXPECT_TRUE(key.internal().fs().exists(kAttestationCert));
        TestHost host(key);
        EXPECT_TRUE(host.init().has_value());
    }
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
