#pragma once
// ftl: none. One filesystem block is one erase page of the chip, nothing in between. The last
// `spare_pages` pages are left out of the filesystem (the nRF52 firmware keeps the external
// flash's last 128 KiB as a backup spare for the v1.3 migration); the constructor throws
// FlashError when no page would be left.

#include "flash/nor_flash.hpp"
#include "ftl/block_device.hpp"

namespace nk3::ftl {

class PageBlockDevice final : public BlockDevice {
  public:
    explicit PageBlockDevice(flash::NorFlash& flash, std::uint32_t spare_pages = 0);

    std::uint32_t block_size() const override { return flash_.geometry().erase_size; }
    std::uint32_t block_count() const override { return block_count_; }
    std::uint32_t prog_size() const override { return flash_.geometry().program_size; }

    void read(std::uint32_t block, std::uint32_t offset, std::span<std::uint8_t> out) override;
    void prog(std::uint32_t block, std::uint32_t offset,
              std::span<const std::uint8_t> data) override;
    void erase(std::uint32_t block) override;

  private:
    std::uint32_t address(std::uint32_t block, std::uint32_t offset, std::size_t length) const;
    flash::NorFlash& flash_;
    std::uint32_t block_count_;
};

}  // namespace nk3::ftl
