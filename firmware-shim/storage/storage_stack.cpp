#include "storage/storage_stack.hpp"

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
    report.journal_replayed = device_->recover_before_mount();
    auto try_mount = [&] {
        try {
            fs_.emplace(fs::Filesystem::mount(*device_, config_.fs));
            report.mounted = true;
            report.error.clear();
        } catch (const fs::FsError& e) {
            report.error = e.what();
        }
    };
    try_mount();
    if (!report.mounted && device_->recover_after_mount_failure()) {
        report.journal_replayed = true;
        try_mount();
    }
    return report;
}

void StorageStack::restore(const Snapshot& snapshot) {
    flash_.restore(snapshot.flash);
    fs_ = snapshot.fs;
    if (fs_) fs_->rebind(*device_);
}

void StorageStack::format_and_mount() {
    fs_.reset();
    fs::Filesystem::format(*device_, config_.fs);
    fs_.emplace(fs::Filesystem::mount(*device_, config_.fs));
}

}  // namespace nk3::storage
