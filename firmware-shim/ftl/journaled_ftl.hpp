#pragma once
// ftl: journaled (journal_replay: on-mount-failure, the default). The NK3A mini's translation
// layer from firmware v1.3.0 on, modelled operation by operation after
// Nitrokey/nitrokey-3-firmware runners/embedded/src/soc_nrf52840/flash.rs @v1.3.1 (the same
// logic at HEAD in components/boards/src/soc/nrf52/flash.rs).
//
// Region layout (addresses relative to the start of the region, as the firmware's are):
//   page 0, page 1: journal slots; littlefs blocks start 8 KiB in.
// A journal slot (all words big-endian, each programmed on its own, in this order):
//   0  u32 counter
//   4  u32 page address (relative to the region, journal pages included)
//   8  u32 lhs_len      bytes kept left of the erased block
//  12  u32 rhs_off      where the bytes kept right of it start
//  16  lhs bytes, then rhs bytes. No checksum, no completion mark.
//
// Erase of one block: read its page; write_journal (below); erase the page; program lhs back;
// program rhs back. write_journal: on the first use of a power-up read both slot counters (a
// counter that reads 0xFFFFFFFF makes it format the journal first) and take the slot with the
// smallest counter (slot 0 on a tie), writing that same counter; later erases alternate slots,
// counter + 1. Then erase the slot page, program the four header words, lhs, rhs.
//
// format_journal_blocks(): erase both slot pages (0 then 1), then in each program the counter
// (= slot index) and 252 zero bytes. The boot calls it at every power-up.
//
// recover_from_journal(): take the slot with the largest counter (slot 1 on a tie; the same
// 0xFFFFFFFF re-format rule), read it, and with no validation erase the page it names and
// program lhs and rhs back. Whatever the firmware's flash driver or slice indexing would reject
// throws FirmwarePanic at that point, after the flash operations before it, e.g. the
// placeholder entry (page 0, lhs 0, rhs_off 0) erases journal slot 0 and then panics slicing
// 16..4112 out of the 4096 B page buffer.
//
// Errors: FlashError for a bad block number; PowerLoss from the chip; FirmwarePanic from
// recover_from_journal(). Not thread-safe (one MCU).

#include <optional>

#include "ftl/rmw_ftl.hpp"

namespace nk3::ftl {

class JournaledFtl final : public RmwFtl {
  public:
    static constexpr std::uint32_t kJournalPages = 2;
    static constexpr std::uint32_t kHeaderSize = 16;
    static constexpr std::uint32_t kPlaceholderSize = 256;  // counter + 252 zero bytes

    // The firmware's chip has 4 KiB pages; other page sizes work the same way. Throws
    // FlashError when a page cannot hold a header and a page minus one block.
    JournaledFtl(flash::NorFlash& flash, std::uint32_t block_size);

    // The slot and counter the next journal entry of this power-up goes to, once the first
    // erase of the power-up has chosen them (the firmware's `next_journal`, RAM only).
    struct Slot {
        std::uint32_t index = 0;
        std::uint32_t counter = 0;
        bool operator==(const Slot&) const = default;
    };
    std::optional<Slot> next_slot() const { return next_; }

    void format_journal_blocks();
    // Throws FirmwarePanic where the firmware panics; returns normally otherwise.
    void recover_from_journal();

    // The counter word of a slot as the firmware reads it (get_journal_cnt): formats the
    // journal when it reads 0xFFFFFFFF and then returns the slot index.
    std::uint32_t journal_counter(std::uint32_t slot);

    // ram_state(): 0, or bit 63 | slot << 32 | counter.
    std::uint64_t ram_state() const override;
    void set_ram_state(std::uint64_t state) override;

    // StorageStack::boot() hooks: replay after a failed mount (the firmware's path when the
    // pre-journal layout does not mount either), no replay before it.
    bool recover_after_mount_failure() override;

  private:
    void before_page_erase(std::uint32_t page_address, std::span<const std::uint8_t> page,
                           std::uint32_t lhs_len, std::uint32_t rhs_off) override;
    Slot choose_next_slot();
    Slot choose_last_slot();
    // The nRF52840 NVMC driver's erase(from, to) / write(offset, bytes) with its range and
    // alignment checks; a failed check is the unwrap() panic the firmware has around each.
    void nvmc_erase(std::uint32_t from, std::uint32_t to, const char* what);
    void nvmc_write(std::uint32_t offset, std::span<const std::uint8_t> bytes, const char* what);

    std::optional<Slot> next_;
};

}  // namespace nk3::ftl
