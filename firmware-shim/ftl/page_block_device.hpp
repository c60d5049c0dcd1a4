#pragma once
// ftl: none. One filesystem block is one erase page of the chip, nothing in between.

#include "flash/nor_flash.hpp"
#include "ftl/block_device.hpp"

namespace nk3::ftl {

class PageBlockDevice final : public BlockDevice {
  public:
    explicit PageBlockDevice(flash::NorFlash& flash) : flash_(flash) {}

    std::uint32_t block_size() const override { return flash_.geometry().erase_size; }
    std::uint32_t block_count() const override { return flash_.geometry().page_count; }
    std::uint32_t prog_size() const override { return flash_.geometry().program_size; }

    void read(std::uint32_t block, std::uint32_t offset, std::span<std::uint8_t> out) override;
    void prog(std::uint32_t block, std::uint32_t offset,
              std::span<const std::uint8_t> data) override;
    void erase(std::uint32_t block) override;

  private:
    std::uint32_t address(std::uint32_t block, std::uint32_t offset, std::size_t length) const;
    flash::NorFlash& flash_;
};

}  // namespace nk3::ftl
