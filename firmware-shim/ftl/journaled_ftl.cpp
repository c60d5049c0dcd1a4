#include "ftl/journaled_ftl.hpp"

#include <array>
#include <string>
#include <vector>

#include "common/endian.hpp"
#include "common/firmware_panic.hpp"
#include "flash/flash_error.hpp"

namespace nk3::ftl {

namespace {

constexpr std::uint32_t kErasedWord = 0xFFFFFFFFu;
constexpr std::uint32_t kWord = 4;  // the NVMC programs 32-bit words
constexpr std::uint64_t kSlotPresent = 1ull << 63;

std::string hex(std::uint32_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "0x";
    for (int shift = 28; shift >= 0; shift -= 4)
        out += kDigits[(v >> shift) & 0xF];
    return out;
}

}  // namespace

JournaledFtl::JournaledFtl(flash::NorFlash& flash, std::uint32_t block_size)
    : RmwFtl(flash, block_size, kJournalPages) {
    if (page_size_ < kPlaceholderSize || kHeaderSize + page_size_ - block_size > page_size_)
        throw flash::FlashError("ftl: a journal page cannot hold a header and a page's neighbours");
}

std::uint64_t JournaledFtl::ram_state() const {
    if (!next_) return 0;
    return kSlotPresent | static_cast<std::uint64_t>(next_->index) << 32 | next_->counter;
}

void JournaledFtl::set_ram_state(std::uint64_t state) {
    if (!(state & kSlotPresent)) {
        next_.reset();
        return;
    }
    next_ = Slot{static_cast<std::uint32_t>((state >> 32) & 0x7FFFFFFF),
                 static_cast<std::uint32_t>(state & 0xFFFFFFFF)};
}

void JournaledFtl::nvmc_erase(std::uint32_t from, std::uint32_t to, const char* what) {
    if (from > to || to > flash_.size())
        throw FirmwarePanic(std::string(what) + ": NVMC erase " + hex(from) + ".." + hex(to) +
                            " out of bounds");
    if (from % page_size_ != 0 || to % page_size_ != 0)
        throw FirmwarePanic(std::string(what) + ": NVMC erase " + hex(from) + ".." + hex(to) +
                            " not page aligned");
    for (std::uint32_t page = from / page_size_; page < to / page_size_; ++page)
        flash_.erase_page(page);
}

void JournaledFtl::nvmc_write(std::uint32_t offset, std::span<const std::uint8_t> bytes,
                              const char* what) {
    const std::uint32_t capacity = flash_.size();
    if (bytes.size() > capacity || offset > capacity - bytes.size())
        throw FirmwarePanic(std::string(what) + ": NVMC write of " + std::to_string(bytes.size()) +
                            " B at " + hex(offset) + " out of bounds");
    if (offset % kWord != 0 || bytes.size() % kWord != 0)
        throw FirmwarePanic(std::string(what) + ": NVMC write of " + std::to_string(bytes.size()) +
                            " B at " + hex(offset) + " not word aligned");
    // One chip program per page touched (the driver programs word after word; a write never
    // crosses a page in the firmware's use, this only keeps the model total).
    while (!bytes.empty()) {
        const std::uint32_t room = page_size_ - offset % page_size_;
        const std::size_t n = std::min<std::size_t>(room, bytes.size());
        flash_.program(offset, bytes.first(n));
        offset += static_cast<std::uint32_t>(n);
        bytes = bytes.subspan(n);
    }
}

void JournaledFtl::format_journal_blocks() {
    nvmc_erase(0, kJournalPages * page_size_, "format_journal_blocks");
    static const std::array<std::uint8_t, kPlaceholderSize - kWord> kZeros{};
    for (std::uint32_t slot = 0; slot < kJournalPages; ++slot) {
        const std::uint32_t addr = slot * page_size_;
        std::array<std::uint8_t, kWord> counter{};
        store_be32(counter.data(), slot);
        nvmc_write(addr, counter, "format_journal_blocks");
        nvmc_write(addr + kWord, kZeros, "format_journal_blocks");
    }
}

std::uint32_t JournaledFtl::journal_counter(std::uint32_t slot) {
    std::array<std::uint8_t, kWord> word{};
    flash_.read(slot * page_size_, word);
    const std::uint32_t counter = load_be32(word.data());
    if (counter != kErasedWord) return counter;
    format_journal_blocks();
    return slot;
}

JournaledFtl::Slot JournaledFtl::choose_next_slot() {
    if (!next_) {
        // Both counters are read (either read may format the journal), then the first smallest.
        std::array<Slot, kJournalPages> slots{};
        for (std::uint32_t i = 0; i < kJournalPages; ++i)
            slots[i] = {i, journal_counter(i)};
        Slot best = slots[0];
        for (const Slot& s : slots)
            if (s.counter < best.counter) best = s;
        next_ = best;
    }
    return *next_;
}

JournaledFtl::Slot JournaledFtl::choose_last_slot() {
    std::array<Slot, kJournalPages> slots{};
    for (std::uint32_t i = 0; i < kJournalPages; ++i)
        slots[i] = {i, journal_counter(i)};
    Slot best = slots[0];
    for (const Slot& s : slots)
        if (s.counter >= best.counter) best = s;  // the last of equal maxima
    return best;
}

void JournaledFtl::before_page_erase(std::uint32_t page_address, std::span<const std::uint8_t> page,
                                     std::uint32_t lhs_len, std::uint32_t rhs_off) {
    const Slot slot = choose_next_slot();
    const std::uint32_t addr = slot.index * page_size_;
    nvmc_erase(addr, addr + page_size_, "write_journal");
    const std::array<std::uint32_t, 4> header{slot.counter, page_address, lhs_len, rhs_off};
    for (std::uint32_t i = 0; i < header.size(); ++i) {
        std::array<std::uint8_t, kWord> word{};
        store_be32(word.data(), header[i]);
        nvmc_write(addr + i * kWord, word, "write_journal");
    }
    if (lhs_len > 0) nvmc_write(addr + kHeaderSize, page.first(lhs_len), "write_journal");
    if (page_size_ - rhs_off > 0)
        nvmc_write(addr + kHeaderSize + lhs_len, page.subspan(rhs_off), "write_journal");
    next_ = Slot{(slot.index + 1) % kJournalPages, slot.counter + 1};
}

void JournaledFtl::recover_from_journal() {
    const Slot last = choose_last_slot();
    const std::uint32_t addr = last.index * page_size_;
    std::vector<std::uint8_t> buf(page_size_);
    flash_.read(addr, buf);
    const std::uint32_t src_addr = load_be32(buf.data() + 4);
    const std::uint32_t lhs_len = load_be32(buf.data() + 8);
    const std::uint32_t rhs_off = load_be32(buf.data() + 12);
    // The firmware's arithmetic is 32-bit and wraps (release build, no overflow checks).
    const std::uint32_t rhs_len = page_size_ - rhs_off;
    nvmc_erase(src_addr, src_addr + page_size_, "recover_from_journal");

    const std::span<const std::uint8_t> whole(buf);
    if (lhs_len > 0) {
        const std::uint32_t end = lhs_len + kHeaderSize;
        if (end < kHeaderSize || end > page_size_)
            throw FirmwarePanic("recover_from_journal: lhs slice " + std::to_string(kHeaderSize) +
                                ".." + std::to_string(end) + " of a " + std::to_string(page_size_) +
                                " B buffer");
        nvmc_write(src_addr, whole.subspan(kHeaderSize, lhs_len), "recover_from_journal");
    }
    if (rhs_len > 0) {
        const std::uint32_t start = lhs_len + kHeaderSize;
        const std::uint32_t end = rhs_len + kHeaderSize + lhs_len;
        if (start > end || end > page_size_)
            throw FirmwarePanic("recover_from_journal: rhs slice " + std::to_string(start) + ".." +
                                std::to_string(end) + " of a " + std::to_string(page_size_) +
                                " B buffer");
        nvmc_write(src_addr + rhs_off, whole.subspan(start, end - start), "recover_from_journal");
    }
}

bool JournaledFtl::recover_after_mount_failure() {
    recover_from_journal();
    return true;
}

}  // namespace nk3::ftl
