#pragma once
// What the filesystem sees: fixed-size blocks that are read, programmed (in prog_size units,
// only onto erased bytes) and erased one at a time. The translation layers below map these
// blocks onto NOR flash pages.

#include <cstdint>
#include <span>

namespace nk3::ftl {

class BlockDevice {
  public:
    virtual ~BlockDevice() = default;

    virtual std::uint32_t block_size() const = 0;
    virtual std::uint32_t block_count() const = 0;
    // Smallest program the device accepts; offsets and lengths are multiples of it.
    virtual std::uint32_t prog_size() const = 0;

    // Errors (range, alignment) throw flash::FlashError; a cut throws flash::PowerLoss.
    virtual void read(std::uint32_t block, std::uint32_t offset, std::span<std::uint8_t> out) = 0;
    virtual void prog(std::uint32_t block, std::uint32_t offset,
                      std::span<const std::uint8_t> data) = 0;
    virtual void erase(std::uint32_t block) = 0;

    // Recovery the layer does around the filesystem's mount at boot; each returns true when it
    // wrote to the flash. Layers without a journal have nothing to do.
    virtual bool recover_before_mount() { return false; }
    virtual bool recover_after_mount_failure() { return false; }

    // RAM the layer keeps between operations of one power-up (the firmware journal's next
    // slot), packed in one word so that device snapshots can carry it. 0 means "nothing yet",
    // which is also what reset_ram_state() leaves: the state after a power-up or MCU reset.
    virtual std::uint64_t ram_state() const { return 0; }
    virtual void set_ram_state(std::uint64_t) {}
    void reset_ram_state() { set_ram_state(0); }
};

}  // namespace nk3::ftl
