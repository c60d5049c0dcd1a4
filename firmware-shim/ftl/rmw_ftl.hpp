#pragma once
// ftl: rmw. Logical blocks smaller than the erase page (256 B blocks on the nRF52840's 4 KiB
// pages). Reads and programs go straight to the chip. Erasing one block means: read the whole
// page into RAM, erase the page, program the part left of the block and the part right of it
// back. A cut between the page erase and those programs destroys neighbours that may belong to
// files nobody was writing: the NK3A mini's behaviour before firmware v1.3.1.
//
// The first `reserved_pages` pages of the chip are not mapped (the journaled layer keeps its
// journal there).

#include <vector>

#include "flash/nor_flash.hpp"
#include "ftl/block_device.hpp"

namespace nk3::ftl {

class RmwFtl : public BlockDevice {
  public:
    RmwFtl(flash::NorFlash& flash, std::uint32_t block_size, std::uint32_t reserved_pages = 0);

    std::uint32_t block_size() const override { return block_size_; }
    std::uint32_t block_count() const override { return block_count_; }
    std::uint32_t prog_size() const override { return flash_.geometry().program_size; }

    void read(std::uint32_t block, std::uint32_t offset, std::span<std::uint8_t> out) override;
    void prog(std::uint32_t block, std::uint32_t offset,
              std::span<const std::uint8_t> data) override;
    void erase(std::uint32_t block) final;

  protected:
    // Called with the page's old contents after they are read and before the page is erased;
    // [lhs_len, rhs_off) is the block being erased.
    virtual void before_page_erase(std::uint32_t page_address, std::span<const std::uint8_t> page,
                                   std::uint32_t lhs_len, std::uint32_t rhs_off);
    // Called once the neighbours are back.
    virtual void after_page_rewrite() {}

    // Erases the page at `page_address` and programs the given neighbours back.
    void rewrite_page(std::uint32_t page_address, std::span<const std::uint8_t> lhs,
                      std::span<const std::uint8_t> rhs);

    flash::NorFlash& flash_;
    std::uint32_t page_size_;
    std::uint32_t reserved_pages_;

  private:
    std::uint32_t address(std::uint32_t block, std::uint32_t offset, std::size_t length) const;

    std::uint32_t block_size_;
    std::uint32_t block_count_;
    std::vector<std::uint8_t> page_buffer_;
};

}  // namespace nk3::ftl
