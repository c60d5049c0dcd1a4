#include "ftl/make_block_device.hpp"

#include "ftl/journaled_ftl.hpp"
#include "ftl/page_block_device.hpp"
#include "ftl/rmw_ftl.hpp"
#include "ftl/write_ahead_ftl.hpp"

namespace nk3::ftl {

std::unique_ptr<BlockDevice> make_block_device(flash::NorFlash& flash, const FtlConfig& config) {
    switch (config.mode) {
        case FtlMode::none:
            return std::make_unique<PageBlockDevice>(flash, config.spare_pages);
        case FtlMode::rmw:
            return std::make_unique<RmwFtl>(flash, config.block_size);
        case FtlMode::journaled:
            // The firmware's journal; the write-ahead variant is nk3rig's what-if.
            if (config.replay == JournalReplay::on_boot)
                return std::make_unique<WriteAheadFtl>(flash, config.block_size, config.replay);
            return std::make_unique<JournaledFtl>(flash, config.block_size);
    }
    return nullptr;
}

}  // namespace nk3::ftl
