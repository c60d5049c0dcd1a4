// A key that ran firmware v1.2.2 is updated to v1.3.1: the first v1.3 boot finds the
// pre-journal layout and migrates every file through the external flash's spare (docs/storage.md,
// "Migration from the pre-journal layout"). Here the images come from a real nk3am-1.2.2 key
// with a resident credential, and the v1.3.1 key's first boot is cut at every flash operation of
// the migration. Each cut ends in one of these ways, and a key that lost everything and a dead key
// both happen:
//   - the migration is done again at the next boot and every file survives (cuts before the new
//     layout's format);
//   - the key answers, but files are gone or damaged: all of them (the key answers as a new one;
//     after cuts behind the format no flag says why), or those the restore had not reached;
//   - the key is dead: neither layout mounts and the journal replay panics at every boot (cuts
//     during the format), or the restore left the attestation key without its certificate or
//     trussed's rng-state empty, and the firmware panics at every first request.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "test_host.hpp"

namespace nk3::device {
namespace {

using namespace testing;
namespace stdfs = std::filesystem;

constexpr const char* kAttestationCert = "fido/x5c/00";

struct Dir {
    stdfs::path path =
        stdfs::temp_directory_path() / ("nk3-update-test-" + std::to_string(::getpid()));
    Dir() { stdfs::create_directories(path); }
    ~Dir() {
        std::error_code ec;
        stdfs::remove_all(path, ec);
    }
};

TEST(UpdateMigration, ACutInsideTheMigrationLosesEverythingOrKillsTheKey) {
    Dir dir;
    fs::Tree old_files;
    {
        VirtualNk3 old(profile("nk3am-1.2.2"), 11);
        TestHost host(old);
        const auto cid = host.init();
        ASSERT_TRUE(cid);
        const auto made =
            host.cbor(*cid, ctap::kMakeCredential, make_credential_params("example.org", "alice"));
        ASSERT_TRUE(made);
        ASSERT_EQ(made->payload.at(0), ctap::kOk);
        old.power_off();
        old.save_images(dir.path);
        old.power_on();
        old_files = old.internal().fs().tree();
    }
    ASSERT_TRUE(old_files.nodes.count("/" + std::string(kAttestationCert)));

    // The whole first v1.3.1 boot, uncut: it migrates, and every file is there.
    VirtualNk3 dry(profile("nk3am-1.3.1"), 12);
    dry.power_off();
    auto& domain = dry.power_domain();
    const std::uint64_t first = domain.next_index();
    dry.load_images(dir.path);
    const std::uint64_t ops = domain.next_index() - first;
    ASSERT_TRUE(dry.last_boot().migrated) << dry.last_boot().detail;
    EXPECT_EQ(dry.internal().fs().tree(), old_files);
    ASSERT_GT(ops, 20u);

    int intact = 0, lost = 0, emptied = 0, silent = 0, dead_at_boot = 0, dead_at_request = 0;
    for (std::uint64_t k = 0; k < ops; ++k) {
        const std::string trial = "cut after op " + std::to_string(k) + " of " +
                                  std::to_string(ops) + " of the migrating boot";
        VirtualNk3 key(profile("nk3am-1.3.1"), 12);
        key.power_off();
        key.cut_after(k, flash::CutMode::after);
        key.load_images(dir.path);
        ASSERT_FALSE(key.powered()) << trial;
        key.power_on();
        if (key.halted()) {
            ++dead_at_boot;
            EXPECT_TRUE(key.last_boot().panicked) << trial << ": " << key.last_boot().detail;
            key.power_cycle();  // and again at every boot
            EXPECT_TRUE(key.halted()) << trial;
            continue;
        }
        // The files as the boot left them (the first request rewrites trussed's rng-state).
        const fs::Tree now = key.internal().fs().tree();
        const std::uint8_t flags = key.status().init_flags;
        if (!answers_get_info(key)) {
            // A panic at the first request: the restore brought the attestation key back but
            // not its certificate, or left trussed's rng-state empty (littlefs commits a new
            // file's entry before its data); it happens at every power-up.
            ++dead_at_request;
            EXPECT_NE(key.last_boot().detail.find("panic"), std::string::npos)
                << trial << ": " << key.last_boot().detail;
            continue;
        }
        if (now == old_files) {
            ++intact;
            continue;
        }
        // Files are gone or damaged. With none of the FIDO files left, the key answers as a new
        // one; after a cut behind the format no flag tells the host (the next boot's first
        // mount succeeds), after one inside it the journal may restore a page and that boot
        // flags its failed first mount (0x02).
        ++lost;
        bool fido_left = false;
        for (const auto& [path, content] : now.nodes)
            fido_left |= path.rfind("/fido/", 0) == 0;
        if (!fido_left) {
            ++emptied;
            silent += flags == 0;
        }
    }
    EXPECT_EQ(intact + lost + dead_at_boot + dead_at_request, static_cast<int>(ops));
    EXPECT_GT(intact, 0);
    EXPECT_GT(emptied, 0);
    EXPECT_GT(silent, 0);
    EXPECT_GT(dead_at_boot + dead_at_request, 0);
    RecordProperty("intact", intact);
    RecordProperty("lost", lost);
    RecordProperty("emptied", emptied);
    RecordProperty("silent", silent);
    RecordProperty("dead_at_boot", dead_at_boot);
    RecordProperty("dead_at_request", dead_at_request);
}

}  // namespace
}  // namespace nk3::device
