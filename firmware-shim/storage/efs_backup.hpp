#pragma once
// The external-flash backup the NK3A mini's v1.3 migration writes: a model of
// Nitrokey/nitrokey-3-firmware components/lfs-backup/src/lfs_backup.rs (the blob format and the
// backup/restore walks) and runners/embedded/src/soc_nrf52840/migrations/ftl_journal/backends.rs
// (EFSBackupBackend: the spare area and its 256 B read/write granularity) @v1.3.1.
//
// The spare is the last 128 KiB of the external chip (offset 2 MiB - 128 KiB on the real
// 2 MiB GD25Q16). The backup blob there:
//   "SB||" (padded to 256 B) | entry | entry | ... | "||EB" (padded to 256 B)
// every piece zero-padded to a multiple of 256 B. An entry is a big-endian u32 length and that
// many bytes of postcard-serialised FSEntryBlob { path: bytes (absolute, with a trailing NUL),
// is_dir: bool, content: Option<bytes>, attr: Option<bytes> } (postcard: unsigned LEB128
// lengths, bool and Option tags one byte each). An entry of more than 2560 B (length prefix
// included) cannot be written (the firmware's MAX_DUMP_BLOB_LENGTH).
//
// The walk is depth-first, each directory's entries in Filesystem::list() order, a directory's
// entry before its contents. User attributes are not modelled (always None): the simulated
// filesystem has none.
//
// Errors: BackupError for what lfs-backup returns as an error (the migration then fails and the
// boot formats); FirmwarePanic for its expect()s; PowerLoss from the chip. Not thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "flash/nor_flash.hpp"
#include "fs/filesystem.hpp"

namespace nk3::storage {

class BackupError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct BackupEntry {
    std::string path;  // absolute, without the trailing NUL
    bool is_dir = false;
    std::optional<std::vector<std::uint8_t>> content;  // files only
    bool operator==(const BackupEntry&) const = default;
};

class EfsBackup {
  public:
    static constexpr std::uint32_t kRwSize = 256;
    static constexpr std::uint32_t kSpareSize = 128 * 1024;
    static constexpr std::uint32_t kMaxBlob = 2560;  // MAX_DUMP_BLOB_LENGTH
    static constexpr std::uint32_t kPathMax = 255;   // littlefs2 PATH_MAX

    // Throws flash::FlashError when the chip is smaller than the spare.
    explicit EfsBackup(flash::NorFlash& external);

    std::uint32_t spare_offset() const { return spare_offset_; }

    // Erases the spare (the QSPI driver's 64 KiB block erases, modelled as the 4 KiB sector
    // erases they consist of, in address order) and moves the cursor to its start.
    void erase();
    void reset() { cursor_ = spare_offset_; }
    // Writes the whole filesystem; returns the number of entries.
    std::size_t backup(const fs::Filesystem& fs);
    // Recreates every entry in `fs` (directories with mkdir, files with write_file); an
    // FsError (e.g. a directory that exists) is a BackupError. Returns the number of entries.
    std::size_t restore(fs::Filesystem& fs);

    // The serialised entry (length prefix + postcard), and back (postcard bytes only).
    static std::vector<std::uint8_t> encode(const BackupEntry& entry);
    static BackupEntry decode(std::span<const std::uint8_t> postcard);

  private:
    void write(std::span<const std::uint8_t> content);
    std::vector<std::uint8_t> read(std::size_t length);
    struct Piece {
        enum class Kind : std::uint8_t { start, end, entry } kind;
        BackupEntry entry;
    };
    Piece read_next();
    void backup_dir(const fs::Filesystem& fs, const std::string& dir, std::size_t level,
                    std::size_t& count);

    flash::NorFlash& flash_;
    std::uint32_t spare_offset_;
    std::uint32_t cursor_;
};

}  // namespace nk3::storage
