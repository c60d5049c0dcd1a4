// libFuzzer harness: a random image on the NK3A mini's internal flash as firmware v1.2.2 lays it
// out (20 pages of 4 KiB through the read-modify-write translation layer: 320 littlefs blocks of
// 256 B, littlefs read 4, prog 4, cache 256, lookahead 8; the seeds are images of nk3am-1.2.2
// keys saved by `nk3rig sim serve --state`, their 24-byte header cut off), checked with fsck:
// mount, traverse, list every directory, read every file, as the firmware's boot and the rig's
// fs_intact check do. littlefs refusing the image (fs::FsError, or an fsck error) is the expected
// way out; a crash, a hang, or any other escaping exception is a bug in littlefs or in the glue
// (firmware-shim/rust, firmware-shim/fs).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "flash/flash_geometry.hpp"
#include "flash/nor_flash.hpp"
#include "flash/power_domain.hpp"
#include "fs/filesystem.hpp"
#include "fs/fsck.hpp"
#include "ftl/rmw_ftl.hpp"

using namespace nk3;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    flash::PowerDomain domain;
    flash::NorFlash chip(flash::FlashGeometry::nrf52840_internal(20), domain);
    std::vector<std::uint8_t> image(chip.geometry().size_bytes(), 0xFF);
    std::copy_n(data, std::min(size, image.size()), image.begin());
    chip.set_contents(image);
    ftl::RmwFtl device(chip, 256);
    const fs::FsConfig config{.read_size = 4, .prog_size = 4, .cache_size = 256};
    (void)fs::fsck(device, config);
    try {
        fs::Filesystem mounted = fs::Filesystem::mount(device, config);
        (void)mounted.tree();
        (void)mounted.free_blocks();
    } catch (const fs::FsError&) {
    }
    return 0;
}
