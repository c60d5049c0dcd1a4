// The shipped profiles: each loads, says what the docs say it models, and its storage
// configuration builds working stacks; the embedded copies equal the files in the repo.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "profiles/profile_loader.hpp"
#include "profiles/uuid_text.hpp"
#include "storage/storage_stack.hpp"

namespace nk3::profiles {
namespace {

const fido::Aaguid kMiniAaguid = *parse_uuid("2cd2f727-f6ca-44da-8f48-5c2e5da000a2");
const fido::Aaguid kLpc55Aaguid = *parse_uuid("ec99db19-cd1f-4c06-a2a9-940f17a6a30b");

TEST(ShippedProfiles, TheDocumentedOnesAreThere) {
    const auto names = builtin_profile_names();
    for (const char* expected :
         {"nk3am-1.2.2", "nk3am-1.3.1", "nk3xn-1.3.1", "model-nk3am-rmw-prog256", "model-nk3am-wal",
          "model-nk3am-pin-after-compare", "nk3am-1.3.0", "nk3xn", "nk3am-wal",
          "nk3am-pin-after-compare"})
        EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(ShippedProfiles, EveryOneLoadsAndBuildsWorkingStorage) {
    for (const auto& name : builtin_profile_names()) {
        SCOPED_TRACE(name);
        const DeviceProfile p = load_profile(name);
        EXPECT_EQ(p.alias.empty() ? p.name : p.alias, name);
        EXPECT_EQ(p.source, "profiles/" + p.name + ".yaml");
        EXPECT_FALSE(p.model.empty());
        EXPECT_EQ(p.fido.firmware_version, p.firmware_version);
        flash::PowerDomain domain;
        storage::StorageStack internal(p.internal, domain, 0);
        storage::StorageStack external(p.external, domain, 1);
        internal.format_and_mount();
        external.format_and_mount();
        internal.fs().write_file("probe", std::vector<std::uint8_t>(600, 0x5A));
        EXPECT_EQ(internal.boot().mounted, true);
        EXPECT_EQ(internal.fs().read_file("probe").size(), 600u);
        EXPECT_EQ(external.boot().mounted, true);
    }
}

TEST(ShippedProfiles, EmbeddedTextEqualsTheFileInTheRepository) {
    for (const auto& name : builtin_profile_names()) {
        std::ifstream in(std::string(NK3_PROFILES_SOURCE_DIR) + "/" + name + ".yaml",
                         std::ios::binary);
        ASSERT_TRUE(in) << name;
        std::ostringstream text;
        text << in.rdbuf();
        EXPECT_EQ(builtin_profile_text(name), text.str()) << name;
    }
}

// Aliases load their target and say so in the model line.
TEST(ShippedProfiles, OldNamesAreAliasesThatSayWhatTheyMeanNow) {
    const DeviceProfile p = load_profile("sim:nk3am-1.3.0");
    EXPECT_EQ(p.name, "nk3am-1.3.1");
    EXPECT_EQ(p.alias, "nk3am-1.3.0");
    EXPECT_NE(p.model.find("nk3am-1.3.0 is an alias of nk3am-1.3.1"), std::string::npos) << p.model;
    EXPECT_EQ(load_profile("nk3xn").name, "nk3xn-1.3.1");
    EXPECT_EQ(load_profile("nk3am-wal").name, "model-nk3am-wal");
    EXPECT_EQ(load_profile("nk3am-pin-after-compare").name, "model-nk3am-pin-after-compare");
    EXPECT_TRUE(load_profile("nk3am-1.3.1").alias.empty());
}

// littlefs as the board configures it (docs/profiles.md, docs/storage.md "littlefs configuration").
TEST(ShippedProfiles, LittlefsConfigurationPerBoard) {
    const DeviceProfile old = load_profile("nk3am-1.2.2");
    EXPECT_EQ(
        old.internal.fs,
        (fs::FsConfig{.read_size = 4, .prog_size = 4, .cache_size = 256, .lookahead_size = 8}));
    const DeviceProfile mini = load_profile("nk3am-1.3.1");
    EXPECT_EQ(
        mini.internal.fs,
        (fs::FsConfig{.read_size = 4, .prog_size = 256, .cache_size = 256, .lookahead_size = 8}));
    const DeviceProfile lpc = load_profile("nk3xn-1.3.1");
    EXPECT_EQ(
        lpc.internal.fs,
        (fs::FsConfig{.read_size = 16, .prog_size = 512, .cache_size = 512, .lookahead_size = 64}));
    EXPECT_EQ(
        mini.external.fs,
        (fs::FsConfig{.read_size = 4, .prog_size = 256, .cache_size = 256, .lookahead_size = 8}));
}

TEST(ShippedProfiles, Nk3amBeforeV13FormatsOverAnRmwLayer) {
    const DeviceProfile p = load_profile("sim:nk3am-1.2.2");
    EXPECT_EQ(p.firmware, "1.2.2");
    EXPECT_EQ(p.firmware_version, 1u << 22 | 2u << 6 | 2u);
    EXPECT_EQ(p.variant, 2);
    EXPECT_EQ(p.fido.aaguid, kMiniAaguid);
    EXPECT_EQ(p.internal_chip, "nrf52840");
    EXPECT_EQ(p.internal.geometry.erase_size, 4096u);
    EXPECT_EQ(p.internal.geometry.program_size, 4u);
    EXPECT_EQ(p.internal.geometry.page_count, 20u);
    EXPECT_EQ(p.internal.ftl.mode, ftl::FtlMode::rmw);
    EXPECT_EQ(p.internal.ftl.block_size, 256u);
    EXPECT_EQ(p.internal.fs.prog_size, 4u);
    EXPECT_EQ(p.on_mount_failure, MountFailure::format);
    EXPECT_EQ(p.fido.on_state_file_corrupt, fido::StateFileCorrupt::defaults);
    EXPECT_EQ(p.fido.pin_retries_write, fido::PinRetriesWrite::before_compare);
    EXPECT_EQ(p.fido.pin_retries, 8);
    EXPECT_EQ(p.fido.pin_retries_per_boot, 3);
    EXPECT_EQ(p.fido.reset_window, std::chrono::seconds(10));
    EXPECT_EQ(p.fido.touch_free_assertion_window, std::chrono::seconds(2));
    EXPECT_EQ(p.external_chip, "gd25q16");
    // The real 2 MiB GD25Q16; only from firmware 1.3.0 are its last 32 sectors the spare.
    EXPECT_EQ(p.external.geometry.page_count, 512u);
    EXPECT_EQ(p.external.ftl.spare_pages, 0u);
    EXPECT_EQ(p.external.geometry.program_size, 256u);
    EXPECT_EQ(p.external.ftl.mode, ftl::FtlMode::none);
    EXPECT_FALSE(p.migrate_from_pre_journal);  // no journal, nothing to migrate to
}

TEST(ShippedProfiles, Nk3amV131JournalsAndReplaysOnMountFailure) {
    const DeviceProfile p = load_profile("nk3am-1.3.1");
    EXPECT_EQ(p.firmware_version, 0x004000C1u);
    EXPECT_EQ(p.internal.ftl.mode, ftl::FtlMode::journaled);
    EXPECT_EQ(p.internal.ftl.replay, ftl::JournalReplay::on_mount_failure);
    EXPECT_EQ(p.on_mount_failure, MountFailure::recover_journal);
    flash::PowerDomain domain;
    storage::StorageStack internal(p.internal, domain);
    internal.format_and_mount();
    EXPECT_EQ(internal.fs().block_count(), 288u);  // 20 pages - 2 journal pages = 288 blocks (docs/storage.md)
    storage::StorageStack old(load_profile("nk3am-1.2.2").internal, domain, 2);
    old.format_and_mount();
    EXPECT_EQ(old.fs().block_count(), 320u);
    // Derived from firmware + variant: the v1.3 board model.
    EXPECT_TRUE(p.internal.ftl.reset_journal_on_boot);
    EXPECT_TRUE(p.migrate_from_pre_journal);
    EXPECT_TRUE(p.status_init_flags);
    EXPECT_EQ(p.status_bytes, 4);  // the variant byte came with v1.4.0
    storage::StorageStack external(p.external, domain, 1);
    external.format_and_mount();
    EXPECT_EQ(external.fs().block_count(), 480u);  // 512 sectors - 32 spare
}

TEST(ShippedProfiles, WalComparisonReplaysAtEveryBoot) {
    const DeviceProfile p = load_profile("model-nk3am-wal");
    EXPECT_EQ(p.internal.ftl.replay, ftl::JournalReplay::on_boot);
    EXPECT_EQ(p.on_mount_failure, MountFailure::recover_journal);
}

TEST(ShippedProfiles, PinAfterCompareComparisonIsVulnerable) {
    EXPECT_EQ(load_profile("model-nk3am-pin-after-compare").fido.pin_retries_write,
              fido::PinRetriesWrite::after_compare);
}

TEST(ShippedProfiles, Nk3xnIsLpc55WithoutTranslationLayer) {
    const DeviceProfile p = load_profile("nk3xn-1.3.1");
    EXPECT_EQ(p.variant, 1);
    EXPECT_EQ(p.fido.aaguid, kLpc55Aaguid);
    EXPECT_EQ(p.internal_chip, "lpc55");
    EXPECT_EQ(p.internal.geometry.erase_size, 512u);
    EXPECT_EQ(p.internal.geometry.program_size, 512u);
    EXPECT_EQ(p.internal.geometry.page_count, 87u);
    EXPECT_EQ(p.internal.ftl.mode, ftl::FtlMode::none);
    EXPECT_EQ(p.on_mount_failure, MountFailure::format);
    EXPECT_EQ(to_string(p.on_mount_failure), "format");
    EXPECT_FALSE(p.migrate_from_pre_journal);
    EXPECT_EQ(p.external.ftl.spare_pages, 0u);  // the spare is the NK3A mini's
    EXPECT_EQ(p.status_bytes, 4);
}

}  // namespace
}  // namespace nk3::profiles
