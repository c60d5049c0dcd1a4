#pragma once
// The one-time migration at the first boot of firmware v1.3.x on an NK3A mini that ran
// v1.2.2 or earlier: Nitrokey/nitrokey-3-firmware
// runners/embedded/src/soc_nrf52840/migrations/ftl_journal/mod.rs (migrate) and
// ifs_flash_old.rs (the old layout) @v1.3.1, called from runners/embedded/src/lib.rs
// init_store when the new layout does not mount.
//
// Old layout (v1.1.0 - v1.2.2, runners/embedded/src/soc_nrf52840/flash.rs @v1.2.2): the
// read-modify-write layer over the whole region (no journal pages), 256 B blocks (320 on the
// 80 KiB region), filesystem programs of 4 B.
//
// migrate(): mount the old layout; erase the external spare; back every entry up there
// (storage/efs_backup.hpp); format the new layout (its erases already go through the journal,
// whose slots overlay old blocks 0-31 and are not formatted yet: the old bytes there serve as
// counters); format_journal_blocks(); mount the new layout; restore every entry; erase the
// spare. Every step is flash operations of the power domain, so a cut can land in any of them.
//
// Errors: PowerLoss and FirmwarePanic propagate; everything the firmware returns as an error
// ends the migration with succeeded = false (the boot then formats). Not thread-safe.

#include <string>

#include "flash/nor_flash.hpp"
#include "storage/storage_stack.hpp"

namespace nk3::storage {

// The old layout's filesystem configuration, derived from the new one (prog_size 4).
fs::FsConfig pre_journal_fs_config(const StackConfig& internal);

// Whether the old layout mounts on `internal`'s chip (read only).
bool pre_journal_layout_mounts(StorageStack& internal);

struct MigrationReport {
    bool succeeded = false;
    std::size_t entries = 0;  // backed up (and, on success, restored)
    std::string detail;       // what failed, when it failed
};

// `internal` must be the firmware journal layer (ftl journaled, on-mount-failure); its
// filesystem is left mounted on success. `external` is the chip holding the spare.
MigrationReport migrate_pre_journal(StorageStack& internal, flash::NorFlash& external);

}  // namespace nk3::storage
