#pragma once
// Geometry and timing of one NOR flash chip (or the region of it the firmware uses).

#include <cstdint>
#include <string>

#include "common/sim_time.hpp"

namespace nk3::flash {

struct FlashGeometry {
    std::uint32_t erase_size = 4096;   // bytes set to erased_value by one erase
    std::uint32_t program_size = 4;    // bytes per program unit; programs are whole units
    std::uint32_t page_count = 1;      // erase units in the region
    std::uint8_t erased_value = 0xFF;  // NOR: erase sets every bit, programs only clear bits
    SimTime program_time_per_unit{0};
    SimTime erase_time_per_page{0};

    std::uint32_t size_bytes() const { return erase_size * page_count; }

    // Throws std::invalid_argument naming the bad field when the geometry is unusable.
    void validate() const;

    // The NK3's chips (docs/storage.md, "NOR flash model").
    static FlashGeometry nrf52840_internal(std::uint32_t pages);  // 4 KiB pages, 32-bit words
    static FlashGeometry lpc55_internal(std::uint32_t pages);     // 512 B pages and programs
    static FlashGeometry gd25q16(std::uint32_t sectors);          // 4 KiB sectors, 256 B pages
};

}  // namespace nk3::flash
