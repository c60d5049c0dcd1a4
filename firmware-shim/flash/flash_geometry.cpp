#include "flash/flash_geometry.hpp"

#include <stdexcept>

namespace nk3::flash {

namespace {
bool is_power_of_two(std::uint32_t v) {
    return v != 0 && (v & (v - 1)) == 0;
}
}  // namespace

void FlashGeometry::validate() const {
    if (!is_power_of_two(erase_size))
        throw std::invalid_argument("flash geometry: erase_size must be a power of two");
    if (!is_power_of_two(program_size) || program_size > erase_size)
        throw std::invalid_argument(
            "flash geometry: program_size must be a power of two no larger than erase_size");
    if (page_count == 0) throw std::invalid_argument("flash geometry: page_count must be > 0");
    if (static_cast<std::uint64_t>(erase_size) * page_count > (1ull << 31))
        throw std::invalid_argument("flash geometry: region larger than 2 GiB");
    if (program_time_per_unit.count() < 0 || erase_time_per_page.count() < 0)
        throw std::invalid_argument("flash geometry: times must not be negative");
}

FlashGeometry FlashGeometry::nrf52840_internal(std::uint32_t pages) {
    using namespace std::chrono_literals;
    return {.erase_size = 4096,
            .program_size = 4,
            .page_count = pages,
            .erased_value = 0xFF,
            .program_time_per_unit = 41us,
            .erase_time_per_page = 85ms};
}

FlashGeometry FlashGeometry::lpc55_internal(std::uint32_t pages) {
    // NXP does not publish LPC55 program/erase times; these are placeholders of the right
    // order (a profile can override them).
    using namespace std::chrono_literals;
    return {.erase_size = 512,
            .program_size = 512,
            .page_count = pages,
            .erased_value = 0xFF,
            .program_time_per_unit = 100us,
            .erase_time_per_page = 5ms};
}

FlashGeometry FlashGeometry::gd25q16(std::uint32_t sectors) {
    using namespace std::chrono_literals;
    return {.erase_size = 4096,
            .program_size = 256,
            .page_count = sectors,
            .erased_value = 0xFF,
            .program_time_per_unit = 700us,
            .erase_time_per_page = 50ms};
}

}  // namespace nk3::flash
