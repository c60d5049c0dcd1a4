#include "ftl/page_block_device.hpp"

#include <string>

#include "flash/flash_error.hpp"

namespace nk3::ftl {

PageBlockDevice::PageBlockDevice(flash::NorFlash& flash, std::uint32_t spare_pages)
    : flash_(flash), block_count_(0) {
    const std::uint32_t pages = flash.geometry().page_count;
    if (spare_pages >= pages)
        throw flash::FlashError("block device: " + std::to_string(spare_pages) +
                                " spare pages leave no block on a " + std::to_string(pages) +
                                "-page chip");
    block_count_ = pages - spare_pages;
}

std::uint32_t PageBlockDevice::address(std::uint32_t block, std::uint32_t offset,
                                       std::size_t length) const {
    if (block >= block_count() || offset > block_size() || length > block_size() - offset)
        throw flash::FlashError("block device: access to block " + std::to_string(block) +
                                " offset " + std::to_string(offset) + " length " +
                                std::to_string(length) + " is out of range");
    return block * block_size() + offset;
}

void PageBlockDevice::read(std::uint32_t block, std::uint32_t offset, std::span<std::uint8_t> out) {
    flash_.read(address(block, offset, out.size()), out);
}

void PageBlockDevice::prog(std::uint32_t block, std::uint32_t offset,
                           std::span<const std::uint8_t> data) {
    flash_.program(address(block, offset, data.size()), data);
}

void PageBlockDevice::erase(std::uint32_t block) {
    address(block, 0, 0);
    flash_.erase_page(block);
}

}  // namespace nk3::ftl
