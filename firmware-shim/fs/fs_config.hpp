#pragma once
// littlefs's configuration (struct lfs_config) less what the block device fixes (block size and
// count) and what the glue owns (callbacks, buffers). Each profile sets it as the board code
// configures littlefs (docs/storage.md, "littlefs configuration"); 0 means "derive from the
// device" as stated per field.

#include <cstdint>

namespace nk3::fs {

struct FsConfig {
    std::uint32_t read_size = 0;       // 0: the device's program unit
    std::uint32_t prog_size = 0;       // 0: the device's program unit
    std::uint32_t cache_size = 0;      // 0: max(read_size, prog_size)
    std::uint32_t lookahead_size = 8;  // bytes of allocator bitmap (a multiple of 8)
    std::int32_t block_cycles = -1;    // -1: no wear levelling (the NK3's setting)
    std::uint32_t name_max = 0;        // 0: littlefs's LFS_NAME_MAX (255)
    bool operator==(const FsConfig&) const = default;
};

}  // namespace nk3::fs
