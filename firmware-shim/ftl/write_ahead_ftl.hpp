#pragma once
// ftl: journaled with journal_replay: on-boot (a what-if, not firmware; profile nk3am-wal).
// The rmw layer with nk3rig's own write-ahead journal in front: before a page is erased, the
// neighbours that must survive are copied into the older of two journal pages; if the page's
// rewrite is cut, the journal can put them back.
//
// Journal page layout (all words big-endian):
//   0  u32 sequence   (0xFFFFFFFF: page never used)
//   4  u32 address of the page being erased (chip address)
//   8  u32 lhs_len    bytes kept left of the erased block
//  12  u32 rhs_off    offset where the bytes kept right of it start
//  16  u32 CRC-32 of the kept bytes              (nk3rig addition)
//  20  u32 done       0xFFFFFFFF until the rewrite completed, then 0   (nk3rig addition)
//  24  lhs bytes, then rhs bytes
//
// Order of writes for one block erase: erase the journal page, program words 0..19, program the
// kept bytes, erase the target page, program lhs, program rhs, program `done`.
//
// JournalReplay::on_boot: at every boot the newest entry is replayed if it is intact and not
// done, which is what makes a write-ahead journal safe. JournalReplay::on_mount_failure (only
// when constructed directly; make_block_device builds the firmware's JournaledFtl,
// ftl/journaled_ftl.hpp, for that policy) replays the newest entry unchecked after a failed
// mount. Errors: FlashError for bad blocks, PowerLoss from the chip. Not thread-safe.

#include <optional>

#include "ftl/ftl_config.hpp"
#include "ftl/rmw_ftl.hpp"

namespace nk3::ftl {

class WriteAheadFtl final : public RmwFtl {
  public:
    static constexpr std::uint32_t kJournalPages = 2;
    static constexpr std::uint32_t kHeaderSize = 24;

    WriteAheadFtl(flash::NorFlash& flash, std::uint32_t block_size, JournalReplay replay);

    JournalReplay replay_policy() const { return replay_; }

    // JournalReplay::on_boot: replays the newest entry if it is intact and not done.
    // Returns true when it wrote anything.
    bool replay_open_entry();
    // JournalReplay::on_mount_failure: replays the newest entry as firmware v1.3.1 does,
    // whatever its state. Returns true when it wrote anything.
    bool replay_newest_entry();

    // The boot hooks apply the replay policy: on_boot replays an open entry before mounting,
    // on_mount_failure replays the newest entry after a failed mount.
    bool recover_before_mount() override;
    bool recover_after_mount_failure() override;

  private:
    struct Entry {
        std::uint32_t slot;
        std::uint32_t sequence, page_address, lhs_len, rhs_off, crc, done;
    };

    void before_page_erase(std::uint32_t page_address, std::span<const std::uint8_t> page,
                           std::uint32_t lhs_len, std::uint32_t rhs_off) override;
    void after_page_rewrite() override;

    std::optional<Entry> read_entry(std::uint32_t slot) const;
    std::optional<Entry> newest_entry() const;
    // Header fields that a replay can act on without going out of range.
    bool plausible(const Entry& e) const;
    bool replay(const Entry& e, bool check_crc, bool mark_done);
    void mark_done(std::uint32_t slot);

    JournalReplay replay_;
    std::optional<Entry> open_;  // the entry written by the erase in progress
};

}  // namespace nk3::ftl
