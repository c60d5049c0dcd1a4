// The firmware's journal (JournaledFtl), operation by operation against
// Nitrokey/nitrokey-3-firmware runners/embedded/src/soc_nrf52840/flash.rs @v1.3.1: the slot
// and counter sequence over a power-up and across boots, the placeholder that bricks a key
// when the first erase of a power-up is cut, and a replay that works from the second erase on.

#include "ftl/journaled_ftl.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "common/endian.hpp"
#include "common/firmware_panic.hpp"
#include "flash/flash_error.hpp"
#include "flash/nor_flash.hpp"
#include "flash/power_domain.hpp"

namespace nk3::ftl {
namespace {

using flash::CutMode;
using flash::FlashGeometry;
using flash::FlashOp;
using flash::NorFlash;
using flash::OpKind;
using flash::PowerDomain;
using flash::PowerLoss;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint32_t kBlock = 256;
constexpr std::uint32_t kPage = 4096;
constexpr std::uint32_t kPerPage = kPage / kBlock;
constexpr std::uint32_t kPages = 6;  // 2 journal pages + 4 data pages

Bytes pattern(std::uint32_t block) {
    Bytes b(kBlock);
    for (std::uint32_t i = 0; i < kBlock; ++i)
        b[i] = static_cast<std::uint8_t>((block * 29 + i * 3 + 5) & 0x7F);  // never 0xFF
    return b;
}

class FirmwareJournal : public ::testing::Test {
  protected:
    FirmwareJournal() : f(FlashGeometry::nrf52840_internal(kPages), d) {}

    // A chip with every data block written and the journal formatted, as after a boot.
    std::unique_ptr<JournaledFtl> booted() {
        auto j = std::make_unique<JournaledFtl>(f, kBlock);
        for (std::uint32_t b = 0; b < j->block_count(); ++b)
            j->prog(b, 0, pattern(b));
        j->format_journal_blocks();
        return j;
    }
    static std::uint32_t page_of(std::uint32_t block) {
        return (JournaledFtl::kJournalPages + block / kPerPage) * kPage;
    }
    Bytes raw(std::uint32_t address, std::uint32_t length) {
        Bytes out(length);
        f.read(address, out);
        return out;
    }
    std::uint32_t word(std::uint32_t address) { return load_be32(raw(address, 4).data()); }
    Bytes block(BlockDevice& dev, std::uint32_t b) {
        Bytes out(kBlock);
        dev.read(b, 0, out);
        return out;
    }
    // The flash operations `action` issues.
    template <typename F>
    std::vector<FlashOp> ops_of(F&& action) {
        d.clear_log();
        d.set_recording(true);
        action();
        d.set_recording(false);
        auto log = d.log();
        d.clear_log();
        return log;
    }
    // Runs `action` with a cut at its `nth` operation; returns after the PowerLoss.
    template <typename F>
    void cut_at(std::uint64_t nth, CutMode mode, F&& action) {
        d.arm_cut({.op_index = d.next_index() + nth, .mode = mode, .seed = 7});
        EXPECT_THROW(action(), PowerLoss);
        d.power_on();
    }

    PowerDomain d;
    NorFlash f;
};

TEST_F(FirmwareJournal, FormatWritesPlaceholdersWithSlotIndexCounters) {
    JournaledFtl j(f, kBlock);
    const auto ops = ops_of([&] { j.format_journal_blocks(); });
    ASSERT_EQ(ops.size(), 6u);
    EXPECT_EQ(ops[0].kind, OpKind::erase);
    EXPECT_EQ(ops[0].address, 0u);
    EXPECT_EQ(ops[1].kind, OpKind::erase);
    EXPECT_EQ(ops[1].address, kPage);
    for (std::uint32_t slot = 0; slot < 2; ++slot) {
        EXPECT_EQ(ops[2 + 2 * slot].address, slot * kPage);
        EXPECT_EQ(ops[2 + 2 * slot].length, 4u);
        EXPECT_EQ(ops[3 + 2 * slot].address, slot * kPage + 4);
        EXPECT_EQ(ops[3 + 2 * slot].length, 252u);
        EXPECT_EQ(word(slot * kPage), slot);
        EXPECT_EQ(raw(slot * kPage + 4, 252), Bytes(252, 0));
        EXPECT_EQ(raw(slot * kPage + 256, kPage - 256), Bytes(kPage - 256, 0xFF));
    }
    EXPECT_FALSE(j.next_slot().has_value());
}

TEST_F(FirmwareJournal, EraseWritesHeaderWordByWordThenNeighboursThenRewritesThePage) {
    auto j = booted();
    const std::uint32_t target = 16 + 5;  // page 1 of the data, block 5 in it
    const auto ops = ops_of([&] { j->erase(target); });
    // slot erase, 4 header words, lhs, rhs, target erase, lhs, rhs
    ASSERT_EQ(ops.size(), 10u);
    EXPECT_EQ(ops[0].kind, OpKind::erase);
    EXPECT_EQ(ops[0].address, 0u);
    for (std::uint32_t i = 0; i < 4; ++i) {
        EXPECT_EQ(ops[1 + i].kind, OpKind::program);
        EXPECT_EQ(ops[1 + i].address, 4 * i);
        EXPECT_EQ(ops[1 + i].length, 4u);
    }
    EXPECT_EQ(ops[5].address, 16u);
    EXPECT_EQ(ops[5].length, 5 * kBlock);
    EXPECT_EQ(ops[6].address, 16u + 5 * kBlock);
    EXPECT_EQ(ops[6].length, 10 * kBlock);
    EXPECT_EQ(ops[7].kind, OpKind::erase);
    EXPECT_EQ(ops[7].address, page_of(target));
    EXPECT_EQ(ops[8].address, page_of(target));
    EXPECT_EQ(ops[9].address, page_of(target) + 6 * kBlock);

    EXPECT_EQ(word(0), 0u);               // counter: slot 0's own, unchanged
    EXPECT_EQ(word(4), page_of(target));  // relative to the region
    EXPECT_EQ(word(8), 5 * kBlock);       // lhs_len
    EXPECT_EQ(word(12), 6 * kBlock);      // rhs_off
    Bytes lhs = raw(16, 5 * kBlock), rhs = raw(16 + 5 * kBlock, 10 * kBlock);
    for (std::uint32_t b = 0; b < 5; ++b)
        EXPECT_EQ(Bytes(lhs.begin() + b * kBlock, lhs.begin() + (b + 1) * kBlock), pattern(16 + b));
    for (std::uint32_t b = 0; b < 10; ++b)
        EXPECT_EQ(Bytes(rhs.begin() + b * kBlock, rhs.begin() + (b + 1) * kBlock),
                  pattern(16 + 6 + b));
    for (std::uint32_t b = 0; b < j->block_count(); ++b)
        EXPECT_EQ(block(*j, b), b == target ? Bytes(kBlock, 0xFF) : pattern(b)) << b;
}

// Over one power-up: slot 0 with counter 0 (the smallest, kept as it is), then the slots
// alternate with counter + 1. Slot 1 keeps the placeholder's counter 1 until the second erase.
TEST_F(FirmwareJournal, SlotAndCounterSequenceOverAPowerUp) {
    auto j = booted();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> seen;  // slot, counter
    for (std::uint32_t target : {1u, 20u, 33u, 50u}) {
        const auto ops = ops_of([&] { j->erase(target); });
        const std::uint32_t slot = ops.front().address / kPage;
        seen.emplace_back(slot, word(slot * kPage));
        if (seen.size() == 1) {
            EXPECT_EQ(word(kPage), 1u) << "placeholder of slot 1";
        }
    }
    EXPECT_EQ(seen, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{
                        {0, 0}, {1, 1}, {0, 2}, {1, 3}}));
    ASSERT_TRUE(j->next_slot().has_value());
    EXPECT_EQ(*j->next_slot(), (JournaledFtl::Slot{0, 4}));
}

// Across boots: a new power-up without the boot's format picks the smallest counter and reuses
// it; with the boot's format (every real boot) it starts again at slot 0, counter 0.
TEST_F(FirmwareJournal, CounterSequenceAcrossBoots) {
    auto j = booted();
    j->erase(1);   // slot 0, 0
    j->erase(20);  // slot 1, 1
    j->erase(33);  // slot 0, 2
    // Power-up without a format: counters 2 (slot 0) and 1 (slot 1): slot 1, counter 1 again.
    j->reset_ram_state();
    auto ops = ops_of([&] { j->erase(40); });
    EXPECT_EQ(ops.front().address, kPage);
    EXPECT_EQ(word(kPage), 1u);
    EXPECT_EQ(*j->next_slot(), (JournaledFtl::Slot{0, 2}));
    // A real boot: format, then the first erase goes to slot 0 with counter 0.
    j->reset_ram_state();
    j->format_journal_blocks();
    ops = ops_of([&] { j->erase(41); });
    EXPECT_EQ(ops.front().address, 0u);
    EXPECT_EQ(word(0), 0u);
    EXPECT_EQ(word(kPage), 1u);
}

TEST_F(FirmwareJournal, ErasedCounterFormatsTheJournalBeforeChoosing) {
    JournaledFtl j(f, kBlock);  // a blank chip: both counters read 0xFFFFFFFF
    const auto ops = ops_of([&] { j.erase(3); });
    // format (2 erases + 4 programs), then the entry in slot 0 (formatting is done once:
    // slot 1 then reads its placeholder).
    ASSERT_GE(ops.size(), 7u);
    EXPECT_EQ(ops[0].address, 0u);
    EXPECT_EQ(ops[1].address, kPage);
    EXPECT_EQ(ops[6].kind, OpKind::erase);
    EXPECT_EQ(ops[6].address, 0u);
    EXPECT_EQ(word(0), 0u);
    EXPECT_EQ(word(kPage), 1u);
    EXPECT_EQ(*j.next_slot(), (JournaledFtl::Slot{1, 1}));
}

TEST_F(FirmwareJournal, RamStateRoundTrips) {
    auto j = booted();
    EXPECT_EQ(j->ram_state(), 0u);
    j->erase(2);
    const auto state = j->ram_state();
    EXPECT_NE(state, 0u);
    JournaledFtl other(f, kBlock);
    other.set_ram_state(state);
    EXPECT_EQ(other.next_slot(), j->next_slot());
    other.reset_ram_state();
    EXPECT_FALSE(other.next_slot().has_value());
}

// The brick: a cut right after the target page's erase in the first erase of a power-up.
// Slot 0 holds the real entry (counter 0), slot 1 the placeholder (counter 1): replay takes the
// placeholder, erases page 0 (the real entry) and panics on the slice 16..4112.
TEST_F(FirmwareJournal, FirstEraseOfAPowerUpCutThenReplayErasesSlotZeroAndPanics) {
    auto j = booted();
    const std::uint32_t target = 16 + 3;
    cut_at(7, CutMode::after, [&] { j->erase(target); });  // op 7: the target page's erase
    EXPECT_EQ(raw(page_of(target), kPage), Bytes(kPage, 0xFF));
    EXPECT_EQ(word(0), 0u);
    EXPECT_EQ(word(8), 3 * kBlock);  // slot 0: the real entry

    JournaledFtl rebooted(f, kBlock);
    std::vector<FlashOp> ops;
    try {
        ops = ops_of([&] { rebooted.recover_from_journal(); });
        FAIL() << "no panic";
    } catch (const FirmwarePanic& e) {
        EXPECT_NE(std::string(e.what()).find("16..4112"), std::string::npos) << e.what();
        ops = d.log();
        d.set_recording(false);
        d.clear_log();
    }
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0].kind, OpKind::erase);
    EXPECT_EQ(ops[0].address, 0u);
    EXPECT_EQ(raw(0, kPage), Bytes(kPage, 0xFF));  // the only copy of the neighbours is gone
    EXPECT_EQ(raw(page_of(target), kPage), Bytes(kPage, 0xFF));

    // Every later power-up: slot 0 reads 0xFFFFFFFF -> journal formatted -> placeholder -> panic.
    for (int boot = 0; boot < 3; ++boot) {
        JournaledFtl again(f, kBlock);
        EXPECT_THROW(again.recover_from_journal(), FirmwarePanic);
        EXPECT_EQ(raw(page_of(target), kPage), Bytes(kPage, 0xFF));
    }
}

// The same cut in the second erase of the power-up: the entry has counter 1 in slot 1, the
// largest; replay erases the target page and programs both neighbours back.
TEST_F(FirmwareJournal, SecondEraseOfAPowerUpCutThenReplayRestoresThePage) {
    auto j = booted();
    j->erase(40);
    j->prog(40, 0, pattern(40));
    const std::uint32_t target = 16 + 3;
    for (CutMode mode : {CutMode::after, CutMode::torn}) {
        const auto snap = f.snapshot();
        const auto ram = j->ram_state();
        cut_at(7, mode, [&] { j->erase(target); });
        EXPECT_EQ(word(kPage), 1u);
        JournaledFtl rebooted(f, kBlock);
        EXPECT_NO_THROW(rebooted.recover_from_journal());
        for (std::uint32_t b = 0; b < rebooted.block_count(); ++b)
            EXPECT_EQ(block(rebooted, b), b == target ? Bytes(kBlock, 0xFF) : pattern(b)) << b;
        f.restore(snap);
        j->set_ram_state(ram);
    }
}

// A torn header: the counter landed, the page address still reads 0xFFFFFFFF. Replay picks it
// (largest counter) and the NVMC erase range check panics before any flash operation.
TEST_F(FirmwareJournal, TornHeaderPanicsWithoutTouchingTheFlash) {
    auto j = booted();
    j->erase(40);
    cut_at(2, CutMode::before, [&] { j->erase(16 + 3); });  // op 2: the page-address word
    EXPECT_EQ(word(kPage), 1u);
    EXPECT_EQ(word(kPage + 4), 0xFFFFFFFFu);
    const auto before = f.contents();
    const auto index = d.next_index();
    JournaledFtl rebooted(f, kBlock);
    EXPECT_THROW(rebooted.recover_from_journal(), FirmwarePanic);
    EXPECT_EQ(d.next_index(), index);
    EXPECT_EQ(f.contents(), before);
}

// A header whose lhs_len reads 0xFFFFFFFF: the page it names is erased, then the slice panics.
TEST_F(FirmwareJournal, TornLhsLengthErasesThePageThenPanics) {
    auto j = booted();
    j->erase(40);
    cut_at(3, CutMode::before, [&] { j->erase(16 + 3); });  // op 3: lhs_len
    JournaledFtl rebooted(f, kBlock);
    EXPECT_THROW(rebooted.recover_from_journal(), FirmwarePanic);
    EXPECT_EQ(raw(page_of(16 + 3), kPage), Bytes(kPage, 0xFF));
}

}  // namespace
}  // namespace nk3::ftl
