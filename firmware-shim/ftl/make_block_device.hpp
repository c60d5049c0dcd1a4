#pragma once
// Builds the block device a profile asks for on top of a chip.

#include <memory>

#include "flash/nor_flash.hpp"
#include "ftl/ftl_config.hpp"

namespace nk3::ftl {

std::unique_ptr<BlockDevice> make_block_device(flash::NorFlash& flash, const FtlConfig& config);

}  // namespace nk3::ftl
