#pragma once
// Consistency check of an nk3fs image, independent of the code paths that wrote it: mounts
// read-only, then checks every metadata pair, entry, block reference and file checksum.

#include <string>
#include <vector>

#include "fs/fs_config.hpp"
#include "ftl/block_device.hpp"

namespace nk3::fs {

struct FsckReport {
    bool mounted = false;
    std::vector<std::string> errors;  // what is wrong
    std::vector<std::string> notes;   // what an interrupted operation left, repaired at mount
    bool ok() const { return mounted && errors.empty(); }
    // One line: "ok", or the first error and how many more.
    std::string summary() const;
};

FsckReport fsck(ftl::BlockDevice& device, const FsConfig& config = {});

}  // namespace nk3::fs
