#include "storage/board_boot.hpp"

#include "common/firmware_panic.hpp"
#include "storage/pre_journal_migration.hpp"

namespace nk3::storage {

std::string_view to_string(MountFailure policy) {
    switch (policy) {
        case MountFailure::format:
            return "format";
        case MountFailure::recover_journal:
            return "recover-journal";
        case MountFailure::halt:
            return "halt";
    }
    return "?";
}

namespace {

void add(std::string& detail, const std::string& what) {
    detail += (detail.empty() ? "" : "; ") + what;
}

}  // namespace

BoardBootReport boot_board(StorageStack& internal, StorageStack& external,
                           const BoardBootConfig& config) {
    BoardBootReport r;
    const auto flag = [&](std::uint8_t f) {
        if (config.init_flags) r.init_flags |= f;
    };
    r.journal_replayed = internal.begin_boot();
    external.lose_ram();

    std::string error;
    if (!internal.try_mount(error)) {
        r.internal_first_mount_failed = true;
        flag(init_flag::kInternalFlashError);
        add(r.detail, "internal filesystem did not mount (" + error + ")");
        switch (config.on_mount_failure) {
            case MountFailure::halt:
                r.halted = true;
                add(r.detail, "boot.on_mount_failure is halt: halted");
                return r;
            case MountFailure::format:
                internal.format();
                r.internal_formatted = true;
                add(r.detail, "formatted: keys, PIN and attestation are gone");
                break;
            case MountFailure::recover_journal:
                if (config.migrate_from_pre_journal && internal.firmware_journal() &&
                    pre_journal_layout_mounts(internal)) {
                    r.migrated = true;
                    const MigrationReport m = migrate_pre_journal(internal, external.flash());
                    if (m.succeeded) {
                        add(r.detail, "pre-journal layout migrated (" + std::to_string(m.entries) +
                                          " entries)");
                    } else {
                        r.migration_failed = true;
                        internal.format();
                        r.internal_formatted = true;
                        add(r.detail, "migration failed (" + m.detail + "), formatted");
                    }
                } else if (internal.device().recover_after_mount_failure()) {
                    r.journal_replayed = true;
                    add(r.detail, "journal replayed");
                }
                break;
        }
    }
    r.journal_reset = internal.reset_journal();
    if (r.internal_first_mount_failed && !internal.try_mount(error))
        throw FirmwarePanic(
            std::string(config.init_flags ? "Could not bring up IFS!" : "store: IFS mount error") +
            " (" + error + ")");
    r.internal_mounted = true;

    external.begin_boot();
    if (!external.try_mount(error)) {
        add(r.detail, "external filesystem did not mount (" + error + "), formatted");
        external.format();
        r.external_formatted = true;
        flag(init_flag::kExternalFlashError);
        if (!external.try_mount(error))
            throw FirmwarePanic("store: EFS mount error (" + error + ")");
    }
    r.external_mounted = true;

    const std::uint32_t fi = internal.fs().free_blocks();
    const std::uint32_t fe = external.fs().free_blocks();
    if (fi <= 0xFF) r.free_internal_blocks = static_cast<std::uint8_t>(fi);
    if (fe <= 0xFFFF) r.free_external_blocks = static_cast<std::uint16_t>(fe);
    if (r.detail.empty()) r.detail = "internal filesystem mounted";
    return r;
}

}  // namespace nk3::storage
