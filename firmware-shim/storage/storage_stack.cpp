#include "storage/storage_stack.hpp"

#include "ftl/journaled_ftl.hpp"
#include "ftl/make_block_device.hpp"

namespace nk3::storage {

StorageStack::StorageStack(const StackConfig& config, flash::PowerDomain& domain, std::uint8_t chip)
    : config_(config),
      flash_(config.geometry, domain, chip),
      device_(ftl::make_block_device(flash_, config.ftl)) {}

fs::Filesystem& StorageStack::fs() {
    if (!fs_) throw fs::FsError(fs::FsErrc::not_mounted, "storage: filesystem is not mounted");
    return *fs_;
}

BootReport StorageStack::boot() {
    fs_.reset();
    BootReport report;
    auto* journaled = dynamic_cast<ftl::JournaledFtl*>(device_.get());
    if (journaled && journaled->replay_policy() == ftl::JournalReplay::on_boot)
        report.journal_replayed = journaled->replay_open_entry();
    try {
        fs_.emplace(fs::Filesystem::mount(*device_, config_.fs));
        report.mounted = true;
        return report;
    } catch (const fs::FsError& e) {
        report.error = e.what();
    }
    if (!journaled || journaled->replay_policy() != ftl::JournalReplay::on_mount_failure)
        return report;
    report.journal_replayed = journaled->replay_newest_entry();
    if (!report.journal_replayed) return report;
    try {
        fs_.emplace(fs::Filesystem::mount(*device_, config_.fs));
        report.mounted = true;
        report.error.clear();
    } catch (const fs::FsError& e) {
        report.error = e.what();
    }
    return report;
}

void StorageStack::format_and_mount() {
    fs_.reset();
    fs::Filesystem::format(*device_, config_.fs);
    fs_.emplace(fs::Filesystem::mount(*device_, config_.fs));
}

}  // namespace nk3::storage
