#pragma once
// One flash chip with its translation layer and filesystem, and the boot sequence that brings
// them up: what the simulated MCU does with a chip after power-on. The device (one stack per
// chip, one PowerDomain for all) and the power-cut sweeps build on it; the NK3's whole storage
// boot (both chips, migration, flags) is storage/board_boot.hpp.
//
// Errors: flash::PowerLoss propagates from every method that touches the flash (the stack is
// then unmounted); boot() throws FirmwarePanic where the firmware's journal replay panics.
// Not thread-safe.

#include <memory>
#include <optional>
#include <string>

#include "flash/nor_flash.hpp"
#include "fs/filesystem.hpp"
#include "ftl/ftl_config.hpp"

namespace nk3::ftl {
class JournaledFtl;
}

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
    bool first_mount_failed = false;  // the mount check before any recovery failed
    bool journal_replayed = false;
    bool journal_reset = false;  // the firmware journal's placeholders were written
    std::string error;           // why the filesystem did not mount (the last attempt)
};

class StorageStack {
  public:
    StorageStack(const StackConfig& config, flash::PowerDomain& domain, std::uint8_t chip = 0);

    flash::NorFlash& flash() { return flash_; }
    const flash::NorFlash& flash() const { return flash_; }
    ftl::BlockDevice& device() { return *device_; }
    const StackConfig& config() const { return config_; }
    // The firmware's journal (ftl journaled, journal_replay on-mount-failure), else nullptr.
    ftl::JournaledFtl* firmware_journal();

    // A power-up of this chip's firmware side, in the firmware's order: RAM state reset
    // (mounted filesystem, the layer's RAM); the write-ahead journal's replay (what-if layer
    // only); the mount check; on failure the layer's recovery (the firmware journal's
    // recover_from_journal(), which may throw FirmwarePanic); the firmware journal's
    // format_journal_blocks() when config().ftl.reset_journal_on_boot; then the mount for use
    // if the check had failed. The filesystem is available through fs() when it mounted.
    BootReport boot();

    // Steps of boot() for callers that put something between them (storage/board_boot.cpp).
    // begin_boot(): RAM reset and the write-ahead replay; returns true when it replayed.
    bool begin_boot();
    // Mounts (keeping the filesystem) or records why not in `error`.
    bool try_mount(std::string& error);
    // format_journal_blocks() when the layer is the firmware journal and the config asks for
    // it; returns true when it wrote.
    bool reset_journal();

    void format();  // the filesystem's format, unmounted afterwards
    void format_and_mount();
    void unmount() { fs_.reset(); }
    // Power is gone: the mounted filesystem and the layer's RAM state (journal slot) with it.
    void lose_ram();

    bool mounted() const { return fs_.has_value(); }
    fs::Filesystem& fs();

    // Flash contents plus the mounted filesystem's and the layer's RAM state, as a running MCU
    // holds them. Restoring one brings the stack back to where it was without mounting again
    // (pages are shared copy-on-write, so a snapshot is cheap to take and to restore).
    struct Snapshot {
        flash::NorFlash::Snapshot flash;
        std::optional<fs::Filesystem> fs;
        std::uint64_t layer_ram = 0;
    };
    Snapshot snapshot() const { return {flash_.snapshot(), fs_, device_->ram_state()}; }
    void restore(const Snapshot& snapshot);

  private:
    StackConfig config_;
    flash::NorFlash flash_;
    std::unique_ptr<ftl::BlockDevice> device_;
    std::optional<fs::Filesystem> fs_;
};

}  // namespace nk3::storage
