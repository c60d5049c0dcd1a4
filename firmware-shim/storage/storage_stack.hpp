#pragma once
// One flash chip with its translation layer and filesystem, and the boot sequence that brings
// them up: what the simulated MCU does with a chip after power-on. The device (one stack per
// chip, one PowerDomain for all) and the power-cut sweeps build on it.

#include <memory>
#include <optional>
#include <string>

#include "flash/nor_flash.hpp"
#include "fs/filesystem.hpp"
#include "ftl/ftl_config.hpp"

namespace nk3::storage {

struct StackConfig {
    flash::FlashGeometry geometry;
    ftl::FtlConfig ftl;
    fs::FsConfig fs;

    // Size of the filesystem's blocks: the translation layer's, or the erase page without one.
    std::uint32_t block_size() const {
        return ftl.block_size ? ftl.block_size : geometry.erase_size;
    }
};

struct BootReport {
    bool mounted = false;
    bool journal_replayed = false;
    std::string error;  // why the filesystem did not mount (the last attempt)
};

class StorageStack {
  public:
    StorageStack(const StackConfig& config, flash::PowerDomain& domain, std::uint8_t chip = 0);

    flash::NorFlash& flash() { return flash_; }
    const flash::NorFlash& flash() const { return flash_; }
    ftl::BlockDevice& device() { return *device_; }
    const StackConfig& config() const { return config_; }

    // Replays the journal where the translation layer's policy says so, then mounts. The
    // filesystem is available through fs() when it mounted. PowerLoss propagates (a cut during
    // boot); the stack is then unmounted.
    BootReport boot();
    void format_and_mount();
    void unmount() { fs_.reset(); }

    bool mounted() const { return fs_.has_value(); }
    fs::Filesystem& fs();

    // Flash contents plus the mounted filesystem's RAM state, as a running MCU holds both.
    // Restoring one brings the stack back to where it was without mounting again (pages are
    // shared copy-on-write, so a snapshot is cheap to take and to restore).
    struct Snapshot {
        flash::NorFlash::Snapshot flash;
        std::optional<fs::Filesystem> fs;
    };
    Snapshot snapshot() const { return {flash_.snapshot(), fs_}; }
    void restore(const Snapshot& snapshot);

  private:
    StackConfig config_;
    flash::NorFlash flash_;
    std::unique_ptr<ftl::BlockDevice> device_;
    std::optional<fs::Filesystem> fs_;
};

}  // namespace nk3::storage
