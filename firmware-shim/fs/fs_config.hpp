#pragma once
// Filesystem parameters that are not fixed by the block device.

#include <cstdint>

namespace nk3::fs {

struct FsConfig {
    // Granularity of every program the filesystem issues: a multiple of the device's program
    // unit that divides the block size. Commits are padded to it, so prog_size == block_size
    // (the NK3A mini's littlefs setting) makes every metadata commit a compaction.
    std::uint32_t prog_size = 0;  // 0: the device's own program unit
    std::uint8_t name_max = 48;   // bytes per path component
};

}  // namespace nk3::fs
