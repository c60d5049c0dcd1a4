#include "ftl/page_block_device.hpp"

#include <string>

#include "flash/flash_error.hpp"

namespace nk3::ftl {

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
