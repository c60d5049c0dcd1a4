#include "ftl/rmw_ftl.hpp"

#include <string>

#include "flash/flash_error.hpp"

namespace nk3::ftl {

RmwFtl::RmwFtl(flash::NorFlash& flash, std::uint32_t block_size, std::uint32_t reserved_pages)
    : flash_(flash),
      page_size_(flash.geometry().erase_size),
      reserved_pages_(reserved_pages),
      block_size_(block_size),
      block_count_(0),
      page_buffer_(flash.geometry().erase_size) {
    const auto& g = flash.geometry();
    if (block_size == 0 || page_size_ % block_size != 0 || block_size % g.program_size != 0)
        throw flash::FlashError("ftl: block size " + std::to_string(block_size) +
                                " must divide the " + std::to_string(page_size_) +
                                " B page and be whole program units");
    if (reserved_pages >= g.page_count)
        throw flash::FlashError("ftl: " + std::to_string(reserved_pages) +
                                " reserved pages leave no room on a " +
                                std::to_string(g.page_count) + "-page chip");
    block_count_ = (g.page_count - reserved_pages) * (page_size_ / block_size);
}

std::uint32_t RmwFtl::address(std::uint32_t block, std::uint32_t offset, std::size_t length) const {
    if (block >= block_count_ || offset > block_size_ || length > block_size_ - offset)
        throw flash::FlashError("ftl: access to block " + std::to_string(block) + " offset " +
                                std::to_string(offset) + " length " + std::to_string(length) +
                                " is out of range");
    return reserved_pages_ * page_size_ + block * block_size_ + offset;
}

void RmwFtl::read(std::uint32_t block, std::uint32_t offset, std::span<std::uint8_t> out) {
    flash_.read(address(block, offset, out.size()), out);
}

void RmwFtl::prog(std::uint32_t block, std::uint32_t offset, std::span<const std::uint8_t> data) {
    flash_.program(address(block, offset, data.size()), data);
}

void RmwFtl::before_page_erase(std::uint32_t, std::span<const std::uint8_t>, std::uint32_t,
                               std::uint32_t) {}

void RmwFtl::rewrite_page(std::uint32_t page_address, std::span<const std::uint8_t> lhs,
                          std::span<const std::uint8_t> rhs) {
    flash_.erase_page(page_address / page_size_);
    if (!lhs.empty()) flash_.program(page_address, lhs);
    if (!rhs.empty())
        flash_.program(page_address + page_size_ - static_cast<std::uint32_t>(rhs.size()), rhs);
}

void RmwFtl::erase(std::uint32_t block) {
    const std::uint32_t at = address(block, 0, block_size_);
    const std::uint32_t page_address = at - at % page_size_;
    const std::uint32_t lhs_len = at - page_address;
    const std::uint32_t rhs_off = lhs_len + block_size_;
    flash_.read(page_address, page_buffer_);
    const std::span<const std::uint8_t> page(page_buffer_);
    before_page_erase(page_address, page, lhs_len, rhs_off);
    rewrite_page(page_address, page.first(lhs_len), page.subspan(rhs_off));
    after_page_rewrite();
}

}  // namespace nk3::ftl
