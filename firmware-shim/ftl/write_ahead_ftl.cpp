#include "ftl/write_ahead_ftl.hpp"

#include <zlib.h>

#include <array>
#include <vector>

#include "common/endian.hpp"
#include "flash/flash_error.hpp"

namespace nk3::ftl {

namespace {

constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;

std::uint32_t crc_of(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, a.data(), static_cast<uInt>(a.size()));
    crc = crc32(crc, b.data(), static_cast<uInt>(b.size()));
    return static_cast<std::uint32_t>(crc);
}

}  // namespace

WriteAheadFtl::WriteAheadFtl(flash::NorFlash& flash, std::uint32_t block_size, JournalReplay replay)
    : RmwFtl(flash, block_size, kJournalPages), replay_(replay) {
    // A journal page holds the header and the page minus the erased block.
    if (kHeaderSize > block_size)
        throw flash::FlashError("ftl: a journal page cannot hold a page's neighbours and header");
}

std::optional<WriteAheadFtl::Entry> WriteAheadFtl::read_entry(std::uint32_t slot) const {
    std::array<std::uint8_t, kHeaderSize> h{};
    flash_.read(slot * page_size_, h);
    Entry e{slot,
            load_be32(h.data()),
            load_be32(h.data() + 4),
            load_be32(h.data() + 8),
            load_be32(h.data() + 12),
            load_be32(h.data() + 16),
            load_be32(h.data() + 20)};
    if (e.sequence == kEmpty) return std::nullopt;
    return e;
}

std::optional<WriteAheadFtl::Entry> WriteAheadFtl::newest_entry() const {
    std::optional<Entry> best;
    for (std::uint32_t slot = 0; slot < kJournalPages; ++slot) {
        auto e = read_entry(slot);
        if (e && (!best || e->sequence > best->sequence)) best = e;
    }
    return best;
}

bool WriteAheadFtl::plausible(const Entry& e) const {
    const std::uint32_t first = kJournalPages * page_size_;
    return e.page_address % page_size_ == 0 && e.page_address >= first &&
           e.page_address < flash_.size() && e.lhs_len <= e.rhs_off && e.rhs_off <= page_size_ &&
           kHeaderSize + e.lhs_len + (page_size_ - e.rhs_off) <= page_size_;
}

void WriteAheadFtl::before_page_erase(std::uint32_t page_address,
                                      std::span<const std::uint8_t> page, std::uint32_t lhs_len,
                                      std::uint32_t rhs_off) {
    // The older (or unused) journal page takes the new entry.
    auto e0 = read_entry(0), e1 = read_entry(1);
    std::uint32_t slot = 0, sequence = 0;
    if (e0 && e1) {
        slot = e0->sequence <= e1->sequence ? 0 : 1;
        sequence = std::max(e0->sequence, e1->sequence) + 1;
    } else if (e0) {
        slot = 1, sequence = e0->sequence + 1;
    } else if (e1) {
        slot = 0, sequence = e1->sequence + 1;
    }
    if (sequence == kEmpty) sequence = 0;  // never write the "unused" marker

    const auto lhs = page.first(lhs_len);
    const auto rhs = page.subspan(rhs_off);
    std::array<std::uint8_t, 20> header{};
    store_be32(header.data(), sequence);
    store_be32(header.data() + 4, page_address);
    store_be32(header.data() + 8, lhs_len);
    store_be32(header.data() + 12, rhs_off);
    store_be32(header.data() + 16, crc_of(lhs, rhs));

    const std::uint32_t base = slot * page_size_;
    flash_.erase_page(slot);
    flash_.program(base, header);
    if (!lhs.empty()) flash_.program(base + kHeaderSize, lhs);
    if (!rhs.empty()) flash_.program(base + kHeaderSize + lhs_len, rhs);
    open_ = Entry{slot, sequence, page_address, lhs_len, rhs_off, 0, kEmpty};
}

void WriteAheadFtl::after_page_rewrite() {
    mark_done(open_->slot);
    open_.reset();
}

bool WriteAheadFtl::replay(const Entry& e, bool check_crc, bool mark_done) {
    if (!plausible(e)) return false;
    const std::uint32_t rhs_len = page_size_ - e.rhs_off;
    std::vector<std::uint8_t> kept(e.lhs_len + rhs_len);
    flash_.read(e.slot * page_size_ + kHeaderSize, kept);
    const std::span<const std::uint8_t> lhs(kept.data(), e.lhs_len);
    const std::span<const std::uint8_t> rhs(kept.data() + e.lhs_len, rhs_len);
    if (check_crc && crc_of(lhs, rhs) != e.crc) return false;
    rewrite_page(e.page_address, lhs, rhs);
    if (mark_done) this->mark_done(e.slot);
    return true;
}

void WriteAheadFtl::mark_done(std::uint32_t slot) {
    static constexpr std::array<std::uint8_t, 4> kDone{0, 0, 0, 0};
    flash_.program(slot * page_size_ + 20, kDone);
}

bool WriteAheadFtl::recover_before_mount() {
    return replay_ == JournalReplay::on_boot && replay_open_entry();
}

bool WriteAheadFtl::recover_after_mount_failure() {
    return replay_ == JournalReplay::on_mount_failure && replay_newest_entry();
}

bool WriteAheadFtl::replay_open_entry() {
    auto e = newest_entry();
    if (!e || e->done != kEmpty) return false;
    return replay(*e, /*check_crc=*/true, /*mark_done=*/true);
}

bool WriteAheadFtl::replay_newest_entry() {
    auto e = newest_entry();
    if (!e) return false;
    return replay(*e, /*check_crc=*/false, /*mark_done=*/false);
}

}  // namespace nk3::ftl
