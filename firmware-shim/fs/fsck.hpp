#pragma once
// Consistency check of a littlefs image, read-only, by littlefs's own code paths: the image
// mounts; every block littlefs references (lfs_fs_traverse: metadata pairs, file block lists)
// can be walked; every directory lists; every file reads to its recorded size. littlefs keeps no
// checksum of file data, so a file whose data block was destroyed but whose block list is intact
// passes: the checks on the FIDO application's answers catch those.

#include <string>
#include <vector>

#include "fs/fs_config.hpp"
#include "ftl/block_device.hpp"

namespace nk3::fs {

struct FsckReport {
    bool mounted = false;
    std::vector<std::string> errors;  // what is wrong
    bool ok() const { return mounted && errors.empty(); }
    // One line: "ok", or the first error and how many more.
    std::string summary() const;
};

// Never writes to `device`. PowerLoss from the device propagates (the caller checks a copy).
FsckReport fsck(ftl::BlockDevice& device, const FsConfig& config = {});

}  // namespace nk3::fs
