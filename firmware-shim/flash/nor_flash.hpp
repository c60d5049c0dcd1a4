#pragma once
// A NOR flash chip: bytes read freely, a program can only clear bits (the cell becomes
// old AND new), an erase sets a whole page to the erased value. Every program and erase is an
// operation of the chip's PowerDomain, which numbers it, times it and may cut power before,
// inside or after it.
//
// What a torn operation leaves (deterministic from the cut's seed and the operation index):
//   program: units are written in address order; the cut lands inside one unit, so the units
//            before it are programmed, the ones after it are untouched, and in the unit under
//            the cut each bit that was to be cleared is cleared or not (a seeded choice).
//   erase:   one of three patterns, chosen by the seed: (a) a prefix of the page erased, the
//            rest keeps its old data; (b) a prefix erased, the rest an indeterminate pattern;
//            (c) the whole page half-erased: every bit that was 0 may have come back to 1.
//
// Pages are copy-on-write: snapshot() shares them and costs one pointer per page, restore()
// brings back the shared pointers, and a write after either copies only the page it touches.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "flash/flash_geometry.hpp"
#include "flash/flash_op.hpp"
#include "flash/power_domain.hpp"

namespace nk3::flash {

class NorFlash {
  public:
    // The chip draws power from `domain`, which must outlive it. `chip` tags its operations.
    NorFlash(FlashGeometry geometry, PowerDomain& domain, std::uint8_t chip = 0);

    const FlashGeometry& geometry() const { return geometry_; }
    std::uint32_t size() const { return geometry_.size_bytes(); }
    std::uint8_t chip() const { return chip_; }
    PowerDomain& domain() const { return *domain_; }

    // Throws FlashError when out of range, PowerLoss when unpowered.
    void read(std::uint32_t address, std::span<std::uint8_t> out) const;
    // address and length must be whole program units inside one erase page.
    void program(std::uint32_t address, std::span<const std::uint8_t> data);
    void erase_page(std::uint32_t page);

    struct Snapshot {
        std::vector<std::shared_ptr<const std::uint8_t[]>> pages;
    };
    Snapshot snapshot() const;
    void restore(const Snapshot& snapshot);

    // The pages whose bytes differ from those of `base` (a snapshot of this chip), ascending.
    // A page still shared with `base` is skipped without reading it; one written since is
    // compared byte for byte, so writing a page back to what it was leaves it out.
    std::vector<std::uint32_t> pages_changed_since(const Snapshot& base) const;
    // One page's bytes, regardless of power (digests, tests). Throws FlashError when out of range.
    std::span<const std::uint8_t> page_bytes(std::uint32_t page) const;
    // Whether every byte of `page` in `snapshot` (of this chip) is the erased value; the page
    // every erase shares is known without reading it. Throws FlashError when out of range.
    bool is_erased(const Snapshot& snapshot, std::uint32_t page) const;

    // Whole array, regardless of power (post-mortem dumps, tests).
    std::vector<std::uint8_t> contents() const;
    void set_contents(std::span<const std::uint8_t> bytes);

    // Image file: a 24-byte header (magic "NK3FLSH1", erase size, program size, page count,
    // erased value; little-endian) then the array. load_image() insists on this chip's geometry
    // and throws FlashError naming the file and the mismatch.
    void save_image(const std::filesystem::path& path) const;
    void load_image(const std::filesystem::path& path);

  private:
    std::uint8_t* writable_page(std::uint32_t page);
    const std::uint8_t* page_data(std::uint32_t page) const { return pages_[page].get(); }
    void check_range(std::uint32_t address, std::size_t length, const char* what) const;
    // FlashError unless `page` is one of the chip's ("erase of", "bytes of": what was asked).
    void check_page(std::uint32_t page, const char* what) const;
    // FlashError unless `snapshot` was taken of a chip of this geometry.
    void check_snapshot(const Snapshot& snapshot) const;

    FlashGeometry geometry_;
    PowerDomain* domain_;
    std::uint8_t chip_;
    std::shared_ptr<const std::uint8_t[]> erased_page_;  // shared by every erased page
    std::vector<std::shared_ptr<const std::uint8_t[]>> pages_;
};

}  // namespace nk3::flash
