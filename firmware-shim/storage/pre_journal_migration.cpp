#include "storage/pre_journal_migration.hpp"

#include <stdexcept>

#include "ftl/journaled_ftl.hpp"
#include "ftl/rmw_ftl.hpp"
#include "storage/efs_backup.hpp"

namespace nk3::storage {

namespace {

constexpr std::uint32_t kOldProgSize = 4;  // ifs_flash_old.rs WRITE_SIZE

std::uint32_t old_block_size(const StackConfig& internal) {
    return internal.ftl.block_size ? internal.ftl.block_size : 256;
}

}  // namespace

fs::FsConfig pre_journal_fs_config(const StackConfig& internal) {
    fs::FsConfig c = internal.fs;
    c.prog_size = kOldProgSize;
    return c;
}

bool pre_journal_layout_mounts(StorageStack& internal) {
    ftl::RmwFtl old(internal.flash(), old_block_size(internal.config()));
    try {
        (void)fs::Filesystem::mount(old, pre_journal_fs_config(internal.config()));
        return true;
    } catch (const fs::FsError&) {
        return false;
    }
}

MigrationReport migrate_pre_journal(StorageStack& internal, flash::NorFlash& external) {
    MigrationReport report;
    auto* journal = internal.firmware_journal();
    if (!journal) throw std::logic_error("migration: the internal stack has no firmware journal");
    ftl::RmwFtl old_device(internal.flash(), old_block_size(internal.config()));
    std::optional<fs::Filesystem> old;
    try {
        old.emplace(fs::Filesystem::mount(old_device, pre_journal_fs_config(internal.config())));
    } catch (const fs::FsError& e) {
        report.detail = std::string("old layout did not mount: ") + e.what();
        return report;
    }
    EfsBackup backend(external);
    try {
        backend.erase();
        report.entries = backend.backup(*old);
    } catch (const BackupError& e) {
        report.detail = e.what();
        return report;
    }
    // The firmware ignores the format's result.
    try {
        internal.format();
    } catch (const fs::FsError&) {
    }
    journal->format_journal_blocks();
    std::string error;
    if (!internal.try_mount(error)) {
        report.detail = "new layout did not mount after its format: " + error;
        return report;
    }
    backend.reset();
    try {
        backend.restore(internal.fs());
    } catch (const BackupError& e) {
        report.detail = e.what();
        return report;
    }
    backend.erase();
    report.succeeded = true;
    return report;
}

}  // namespace nk3::storage
