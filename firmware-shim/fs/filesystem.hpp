#pragma once
// The simulated key's filesystem: the real littlefs C library (v2.2.1, the one every NK3
// firmware up to v1.8.1 runs), reached through the Rust crate littlefs2-sys 0.1.7 and the
// glue in firmware-shim/rust/nk3-shim (C ABI: include/nk3_littlefs.h). Its block device is the
// board storage model (ftl::BlockDevice). docs/storage.md, "littlefs", describes the
// configuration and what littlefs does and does not guarantee under power loss.
//
// Whole-file operations as the firmware issues them through littlefs2: read_file opens
// read-only; write_file opens with CREAT | TRUNC, writes and closes (a new file's empty entry is
// committed first, its data at close). littlefs keeps no checksum of file data: a damaged data
// block reads back as whatever the flash holds.
//
// Power: a flash::PowerLoss thrown by the block device inside littlefs is caught at the C
// boundary, every later device call of that operation fails without touching the flash, and
// the PowerLoss is rethrown when littlefs returns. The object is then unusable (every call
// throws FsError not_mounted), as the RAM of a browned-out MCU; mount again. Other exceptions of
// the device (flash::FlashError) are carried across the same way.
//
// Copies are deep (littlefs's RAM state included: caches, allocator window, global state), so a
// snapshot of a mounted filesystem resumes exactly where it was. Not thread safe; distinct
// objects are independent, and a const object may be copied from several threads at once.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fs/fs_config.hpp"
#include "fs/fs_error.hpp"
#include "ftl/block_device.hpp"

namespace nk3::fs {

enum class EntryKind : std::uint8_t { file = 1, dir = 2 };

struct Stat {
    EntryKind kind;
    std::uint32_t size;  // bytes; 0 for directories
};

struct DirEntry {
    std::string name;
    EntryKind kind;
    std::uint32_t size;
};

// Every file and directory below the root, by absolute path ("/fido/dat/..."):
// directories map to std::nullopt, files to their content. Files that littlefs cannot read
// (LFS_ERR_CORRUPT: a broken block chain) are listed in `corrupt` instead of `nodes`.
struct Tree {
    std::map<std::string, std::optional<std::vector<std::uint8_t>>> nodes;
    std::vector<std::string> corrupt;
    bool operator==(const Tree&) const = default;
};

// littlefs's version, as the library reports it (e.g. "2.2"), and its on-disk version.
std::string littlefs_version();
std::string littlefs_disk_version();

class Filesystem {
  public:
    // lfs_format: an empty filesystem (erases and writes the superblock pair, blocks 0 and 1).
    // Throws FsError when littlefs refuses (a bad configuration); PowerLoss propagates.
    static void format(ftl::BlockDevice& device, const FsConfig& config = {});
    // lfs_mount: reads, never writes. Throws FsError(corrupt, ...) when it does not mount.
    static Filesystem mount(ftl::BlockDevice& device, const FsConfig& config = {});
    // Whether lfs_mount succeeds (littlefs2's is_mountable: mount, then unmount).
    static bool mountable(ftl::BlockDevice& device, const FsConfig& config = {});
    // The configuration littlefs gets on `device`: `config` with its zero fields derived.
    static FsConfig resolve(const ftl::BlockDevice& device, const FsConfig& config);

    Filesystem(const Filesystem& other);
    Filesystem& operator=(const Filesystem& other);
    Filesystem(Filesystem&&) noexcept;
    Filesystem& operator=(Filesystem&&) noexcept;
    ~Filesystem();

    // Points the filesystem at another device holding the same bytes (a snapshot restored into
    // another stack).
    void rebind(ftl::BlockDevice& device);

    std::vector<std::uint8_t> read_file(std::string_view path) const;
    // Creates or replaces a file (open CREAT | TRUNC, write, close). The parent must exist.
    void write_file(std::string_view path, std::span<const std::uint8_t> content);
    void mkdir(std::string_view path);
    // Removes a file or an empty directory.
    void remove(std::string_view path);
    void rename(std::string_view from, std::string_view to);

    bool exists(std::string_view path) const;
    Stat stat(std::string_view path) const;
    std::vector<DirEntry> list(std::string_view path) const;
    Tree tree() const;
    // Tree::corrupt of tree(), without keeping the content of the files it reads.
    std::vector<std::string> corrupt_files() const;
    // Every block littlefs references (lfs_fs_traverse), sorted, without repeats.
    std::vector<std::uint32_t> used_blocks() const;

    std::uint32_t block_count() const;
    // Blocks not in use (block count − lfs_fs_size).
    std::uint32_t free_blocks() const;
    std::uint32_t max_file_size() const;
    std::uint32_t prog_size() const { return config_.prog_size; }
    const FsConfig& config() const { return config_; }
    ftl::BlockDevice& device() const;

  private:
    struct Glue;
    Filesystem(ftl::BlockDevice& device, const FsConfig& config);

    std::unique_ptr<Glue> glue_;
    FsConfig config_;
};

}  // namespace nk3::fs
