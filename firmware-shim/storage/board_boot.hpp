#pragma once
// The NK3's storage boot: both chips, in the firmware's order, with its policy per model and
// version. Models runners/embedded/src/lib.rs init_store and init_apps (the admin data) of
// Nitrokey/nitrokey-3-firmware @v1.3.1 (nRF52 and LPC55) and @v1.2.2 (nRF52 before the journal).
//
// Internal filesystem: mount check. On failure (flag 0x02 when the firmware has init flags):
//   format:          format it (LPC55 every version; NK3A mini up to v1.2.2);
//   recover-journal: NK3A mini from v1.3.0: when migrate_from_pre_journal and the pre-journal
//                    layout mounts, the migration (storage/pre_journal_migration.hpp), formatting
//                    when it fails; otherwise recover_from_journal() (may panic);
//   halt:            nk3rig what-if: stop, no panic.
// Then, every boot, the firmware journal's format_journal_blocks() (when the layer is the
// firmware journal and its reset_journal_on_boot is set), and the mount for use: when it fails
// the firmware panics ("Could not bring up IFS!"; "store" up to v1.2.2).
// External filesystem: mount check; format when it does not mount (flag 0x04); mount or panic.
// Then the free blocks of both, counted once (u8 and u16, 0xFF / 0xFFFF when they do not fit).
//
// Errors: FirmwarePanic where the firmware panics (the key halts until its next power-up);
// PowerLoss from a cut. Not thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/storage_stack.hpp"

namespace nk3::storage {

// boot.on_mount_failure: what the firmware does when the internal filesystem does not mount.
enum class MountFailure : std::uint8_t { format, recover_journal, halt };
// The YAML spelling: "format", "recover-journal", "halt".
std::string_view to_string(MountFailure policy);

// Admin status init flags (runners/embedded/src/types.rs InitStatus @v1.3.1; 0x10..0x80 from
// later versions).
namespace init_flag {
inline constexpr std::uint8_t kNfcError = 0x01;
inline constexpr std::uint8_t kInternalFlashError = 0x02;
inline constexpr std::uint8_t kExternalFlashError = 0x04;
inline constexpr std::uint8_t kMigrationError = 0x08;
inline constexpr std::uint8_t kSe050Error = 0x10;
inline constexpr std::uint8_t kConfigError = 0x20;
inline constexpr std::uint8_t kRngError = 0x40;
inline constexpr std::uint8_t kExternalFlashNeedsReformat = 0x80;
}  // namespace init_flag

struct BoardBootConfig {
    MountFailure on_mount_failure = MountFailure::format;
    bool migrate_from_pre_journal = false;  // NK3A mini v1.3.0 and later
    bool init_flags = true;                 // the firmware keeps InitStatus (v1.3.0 and later)
};

struct BoardBootReport {
    bool internal_first_mount_failed = false;
    bool journal_replayed = false;
    bool journal_reset = false;
    bool migrated = false;          // the pre-journal layout was migrated
    bool migration_failed = false;  // ... and that failed (then the internal fs was formatted)
    bool internal_formatted = false;
    bool internal_mounted = false;
    bool halted = false;  // on_mount_failure halt (a what-if; panics throw instead)
    bool external_formatted = false;
    bool external_mounted = false;
    std::uint8_t init_flags = 0;
    std::uint8_t free_internal_blocks = 0xFF;
    std::uint16_t free_external_blocks = 0xFFFF;
    std::string detail;  // one line: what happened and why
};

BoardBootReport boot_board(StorageStack& internal, StorageStack& external,
                           const BoardBootConfig& config);

}  // namespace nk3::storage
