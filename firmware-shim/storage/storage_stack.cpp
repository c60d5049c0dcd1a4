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

ftl::JournaledFtl* StorageStack::firmware_journal() {
    return dynamic_cast<ftl::JournaledFtl*>(device_.get());
}

void StorageStack::lose_ram() {
    fs_.reset();
    device_->reset_ram_state();
}

bool StorageStack::begin_boot() {
    lose_ram();
    return device_->recover_before_mount();
}

bool StorageStack::try_mount(std::string& error) {
    fs_.reset();
    try {
        fs_.emplace(fs::Filesystem::mount(*device_, config_.fs));
        error.clear();
        return true;
    } catch (const fs::FsError& e) {
        error = e.what();
        return false;
    }
}

bool StorageStack::reset_journal() {
    auto* journal = firmware_journal();
    if (!journal || !config_.ftl.reset_journal_on_boot) return false;
    journal->format_journal_blocks();
    return true;
}

BootReport StorageStack::boot() {
    BootReport report;
    report.journal_replayed = begin_boot();
    report.mounted = try_mount(report.error);
    report.first_mount_failed = !report.mounted;
    if (!report.mounted && device_->recover_after_mount_failure()) report.journal_replayed = true;
    report.journal_reset = reset_journal();
    if (!report.mounted && (report.journal_replayed || report.journal_reset))
        report.mounted = try_mount(report.error);
    return report;
}

void StorageStack::restore(const Snapshot& snapshot) {
    flash_.restore(snapshot.flash);
    fs_ = snapshot.fs;
    if (fs_) fs_->rebind(*device_);
    device_->set_ram_state(snapshot.layer_ram);
}

void StorageStack::format() {
    fs_.reset();
    fs::Filesystem::format(*device_, config_.fs);
}

void StorageStack::format_and_mount() {
    format();
    fs_.emplace(fs::Filesystem::mount(*device_, config_.fs));
}

}  // namespace nk3::storage
