#pragma once
// How a profile asks for a translation layer between the filesystem and a NOR chip.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "ftl/block_device.hpp"

namespace nk3::flash {
class NorFlash;
}

namespace nk3::ftl {

// none:      one filesystem block per erase page.
// rmw:       blocks smaller than a page; erasing one erases the page and writes the
//            neighbours back from RAM (NK3A mini before firmware v1.3.1).
// journaled: as rmw, but the neighbours are first copied to a two-page journal
//            (NK3A mini v1.3.1 and later).
enum class FtlMode : std::uint8_t { none, rmw, journaled };

// Which journal the journaled layer is, named after when it is replayed.
//   on-mount-failure: the firmware's journal (JournaledFtl, firmware v1.3.0 and later): replayed
//                     only when the filesystem above fails to mount, newest entry, unchecked;
//   on-boot:          nk3rig's what-if write-ahead journal (WriteAheadFtl, with CRC and done
//                     words): at every boot the newest entry if intact and never completed.
enum class JournalReplay : std::uint8_t { on_mount_failure, on_boot };

std::string_view to_string(FtlMode mode);
std::optional<FtlMode> parse_ftl_mode(std::string_view text);
std::string_view to_string(JournalReplay replay);
std::optional<JournalReplay> parse_journal_replay(std::string_view text);

struct FtlConfig {
    FtlMode mode = FtlMode::none;
    std::uint32_t block_size = 0;  // rmw/journaled: logical block size (divides the page size)
    JournalReplay replay = JournalReplay::on_mount_failure;
    // journaled (firmware journal): the boot erases both journal pages and writes the
    // placeholders (format_journal_blocks) at every power-up, after the mount check and any
    // recovery, before the filesystem is mounted for use. Firmware v1.3.0 and later: true.
    bool reset_journal_on_boot = true;
    // none: pages at the end of the chip the filesystem does not use (the nRF52 firmware's
    // 32-sector backup spare at the end of the external flash, from v1.3.0).
    std::uint32_t spare_pages = 0;
};

}  // namespace nk3::ftl
