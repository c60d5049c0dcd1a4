// Translation layers: ftl none (PageBlockDevice), rmw and the write-ahead journal (the
// firmware's journal has its own tests in journaled_ftl_test.cpp), and what a power cut in the
// middle of a block erase does to the 15 neighbours of the block.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "flash/flash_error.hpp"
#include "flash/nor_flash.hpp"
#include "flash/power_domain.hpp"
#include "ftl/journaled_ftl.hpp"
#include "ftl/make_block_device.hpp"
#include "ftl/page_block_device.hpp"
#include "ftl/rmw_ftl.hpp"
#include "ftl/write_ahead_ftl.hpp"

namespace nk3::ftl {
namespace {

using flash::CutMode;
using flash::FlashError;
using flash::FlashGeometry;
using flash::NorFlash;
using flash::OpKind;
using flash::PowerDomain;
using flash::PowerLoss;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint32_t kBlock = 256;
constexpr std::uint32_t kPage = 4096;
constexpr std::uint32_t kPerPage = kPage / kBlock;

Bytes block_pattern(std::uint32_t block) {
    Bytes b(kBlock);
    for (std::uint32_t i = 0; i < kBlock; ++i)
        b[i] = static_cast<std::uint8_t>((block * 31 + i * 7 + 1) & 0x7F);  // never 0xFF
    return b;
}

Bytes read_block(BlockDevice& dev, std::uint32_t block) {
    Bytes out(dev.block_size());
    dev.read(block, 0, out);
    return out;
}

void fill(BlockDevice& dev) {
    for (std::uint32_t b = 0; b < dev.block_count(); ++b)
        dev.prog(b, 0, block_pattern(b));
}

// Index of the first erase of `page` that `action` issues, found by a dry run that is rolled back.
template <typename F>
std::uint64_t find_op(NorFlash& f, PowerDomain& d, F&& action, OpKind kind, std::uint32_t address,
                      int skip = 0) {
    const auto snap = f.snapshot();
    const auto state = d.state();
    d.clear_log();
    d.set_recording(true);
    action();
    d.set_recording(false);
    std::uint64_t index = UINT64_MAX;
    for (const auto& op : d.log())
        if (op.kind == kind && op.address == address && skip-- == 0) {
            index = op.index;
            break;
        }
    d.clear_log();
    f.restore(snap);
    d.restore(state);
    EXPECT_NE(index, UINT64_MAX) << "operation not found";
    return index;
}

TEST(PageBlockDevice, MapsBlockToPage) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(4), d);
    PageBlockDevice dev(f);
    EXPECT_EQ(dev.block_size(), 4096u);
    EXPECT_EQ(dev.block_count(), 4u);
    EXPECT_EQ(dev.prog_size(), 4u);
    dev.prog(2, 8, Bytes{1, 2, 3, 4});
    Bytes raw(4);
    f.read(2 * 4096 + 8, raw);
    EXPECT_EQ(raw, (Bytes{1, 2, 3, 4}));
    Bytes back(4);
    dev.read(2, 8, back);
    EXPECT_EQ(back, raw);
    d.set_recording(true);
    dev.erase(2);
    ASSERT_EQ(d.log().size(), 1u);
    EXPECT_EQ(d.log()[0].kind, OpKind::erase);
    EXPECT_EQ(d.log()[0].address, 2u * 4096u);
    f.read(2 * 4096 + 8, raw);
    EXPECT_EQ(raw, Bytes(4, 0xFF));
}

TEST(PageBlockDevice, OutOfRangeThrows) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(4), d);
    PageBlockDevice dev(f);
    Bytes four(4);
    EXPECT_THROW(dev.read(4, 0, four), FlashError);
    EXPECT_THROW(dev.prog(0, 4094, four), FlashError);  // would spill into block 1
    EXPECT_THROW(dev.erase(4), FlashError);
    EXPECT_EQ(d.next_index(), 0u);
}

TEST(RmwFtl, Geometry) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(4), d);
    RmwFtl ftl(f, kBlock);
    EXPECT_EQ(ftl.block_size(), kBlock);
    EXPECT_EQ(ftl.block_count(), 4 * kPerPage);
    EXPECT_EQ(ftl.prog_size(), 4u);
    EXPECT_THROW(RmwFtl(f, 300), FlashError);  // does not divide the page
    EXPECT_THROW(RmwFtl(f, 2), FlashError);    // not whole program units
    EXPECT_THROW(RmwFtl(f, kBlock, 4), FlashError);
    RmwFtl reserved(f, kBlock, 1);
    EXPECT_EQ(reserved.block_count(), 3 * kPerPage);
    reserved.prog(0, 0, Bytes{1, 2, 3, 4});
    Bytes raw(4);
    f.read(4096, raw);  // block 0 starts after the reserved page
    EXPECT_EQ(raw, (Bytes{1, 2, 3, 4}));
}

TEST(RmwFtl, OutOfRangeThrows) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    RmwFtl ftl(f, kBlock);
    Bytes four(4);
    EXPECT_THROW(ftl.read(32, 0, four), FlashError);
    EXPECT_THROW(ftl.prog(0, 254, four), FlashError);  // would spill into block 1
    EXPECT_THROW(ftl.erase(32), FlashError);
}

TEST(RmwFtl, EraseKeepsTheNeighbours) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(3), d);
    RmwFtl ftl(f, kBlock);
    fill(ftl);
    for (std::uint32_t target : {16u, 21u, 31u}) {  // first, middle, last block of page 1
        d.set_recording(true);
        d.clear_log();
        ftl.erase(target);
        d.set_recording(false);
        EXPECT_EQ(read_block(ftl, target), Bytes(kBlock, 0xFF));
        ASSERT_GE(d.log().size(), 2u);
        EXPECT_EQ(d.log()[0].kind, OpKind::erase);
        EXPECT_EQ(d.log()[0].address, kPage);
        // The block can be programmed again.
        ftl.prog(target, 0, block_pattern(target));
    }
    for (std::uint32_t b = 0; b < ftl.block_count(); ++b)
        EXPECT_EQ(read_block(ftl, b), block_pattern(b)) << "block " << b;
}

TEST(RmwFtl, EraseIssuesPageEraseThenLhsThenRhs) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    RmwFtl ftl(f, kBlock);
    fill(ftl);
    d.set_recording(true);
    ftl.erase(20);  // page 1, block 4 of 16
    ASSERT_EQ(d.log().size(), 3u);
    EXPECT_EQ(d.log()[0].kind, OpKind::erase);
    EXPECT_EQ(d.log()[1].kind, OpKind::program);
    EXPECT_EQ(d.log()[1].address, kPage);
    EXPECT_EQ(d.log()[1].length, 4 * kBlock);
    EXPECT_EQ(d.log()[2].kind, OpKind::program);
    EXPECT_EQ(d.log()[2].address, kPage + 5 * kBlock);
    EXPECT_EQ(d.log()[2].length, 11 * kBlock);
}

TEST(RmwFtl, CutAfterPageEraseDestroysNeighbours) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(3), d);
    RmwFtl ftl(f, kBlock);
    fill(ftl);
    const std::uint32_t target = 16 + 7;
    d.arm_cut({.op_index = d.next_index(), .mode = CutMode::after, .seed = 1});
    EXPECT_THROW(ftl.erase(target), PowerLoss);
    d.power_on();
    for (std::uint32_t b = 16; b < 32; ++b)
        EXPECT_EQ(read_block(ftl, b), Bytes(kBlock, 0xFF)) << "block " << b;
    // Other pages are untouched.
    for (std::uint32_t b : {0u, 15u, 32u, 47u})
        EXPECT_EQ(read_block(ftl, b), block_pattern(b));
}

TEST(RmwFtl, CutBetweenLhsAndRhsLosesTheRightNeighbours) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    RmwFtl ftl(f, kBlock);
    fill(ftl);
    const std::uint32_t target = 16 + 7;
    d.arm_cut({.op_index = d.next_index() + 1, .mode = CutMode::after, .seed = 1});
    EXPECT_THROW(ftl.erase(target), PowerLoss);
    d.power_on();
    for (std::uint32_t b = 16; b < target; ++b)
        EXPECT_EQ(read_block(ftl, b), block_pattern(b)) << "block " << b;
    for (std::uint32_t b = target; b < 32; ++b)
        EXPECT_EQ(read_block(ftl, b), Bytes(kBlock, 0xFF)) << "block " << b;
}

TEST(RmwFtl, CutBeforePageEraseChangesNothing) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    RmwFtl ftl(f, kBlock);
    fill(ftl);
    const auto before = f.contents();
    d.arm_cut({.op_index = d.next_index(), .mode = CutMode::before, .seed = 1});
    EXPECT_THROW(ftl.erase(3), PowerLoss);
    d.power_on();
    EXPECT_EQ(f.contents(), before);
}

class WriteAheadFtlTest : public ::testing::Test {
  protected:
    static constexpr std::uint32_t kPages = 5;
    WriteAheadFtlTest() : f(FlashGeometry::nrf52840_internal(kPages), d) {}

    std::unique_ptr<WriteAheadFtl> make(JournalReplay replay = JournalReplay::on_boot) {
        return std::make_unique<WriteAheadFtl>(f, kBlock, replay);
    }
    // Page address on the chip of a logical block (two journal pages first).
    static std::uint32_t page_address(std::uint32_t block) {
        return (WriteAheadFtl::kJournalPages + block / kPerPage) * kPage;
    }
    void expect_all_intact(BlockDevice& dev, std::uint32_t erased_block) {
        for (std::uint32_t b = 0; b < dev.block_count(); ++b)
            EXPECT_EQ(read_block(dev, b),
                      b == erased_block ? Bytes(kBlock, 0xFF) : block_pattern(b))
                << "block " << b;
    }

    PowerDomain d;
    NorFlash f;
};

TEST_F(WriteAheadFtlTest, ReservesTwoJournalPages) {
    auto ftl = make();
    EXPECT_EQ(ftl->block_count(), (kPages - 2) * kPerPage);
    EXPECT_EQ(ftl->replay_policy(), JournalReplay::on_boot);
    ftl->prog(0, 0, Bytes{1, 2, 3, 4});
    Bytes raw(4);
    f.read(2 * kPage, raw);
    EXPECT_EQ(raw, (Bytes{1, 2, 3, 4}));
}

TEST_F(WriteAheadFtlTest, EraseKeepsNeighboursAndJournalsThem) {
    auto ftl = make();
    fill(*ftl);
    d.set_recording(true);
    ftl->erase(21);
    d.set_recording(false);
    expect_all_intact(*ftl, 21);
    // The journal page is written before the target page is erased, `done` is written last.
    const auto& log = d.log();
    ASSERT_GE(log.size(), 5u);
    EXPECT_EQ(log[0].kind, OpKind::erase);
    EXPECT_LT(log[0].address, 2 * kPage);
    const auto target_erase = std::find_if(log.begin(), log.end(), [&](const flash::FlashOp& op) {
        return op.kind == OpKind::erase && op.address == page_address(21);
    });
    ASSERT_NE(target_erase, log.end());
    EXPECT_GT(target_erase - log.begin(), 1);
    EXPECT_EQ(log.back().kind, OpKind::program);
    EXPECT_LT(log.back().address, 2 * kPage);
    EXPECT_EQ(log.back().length, 4u);
    // A completed erase leaves nothing to replay.
    const auto before = f.contents();
    const auto index = d.next_index();
    EXPECT_FALSE(ftl->replay_open_entry());
    EXPECT_EQ(d.next_index(), index);
    EXPECT_EQ(f.contents(), before);
}

TEST_F(WriteAheadFtlTest, JournalAlternatesBetweenItsPages) {
    auto ftl = make();
    fill(*ftl);
    std::vector<std::uint32_t> journal_pages;
    for (std::uint32_t target : {1u, 17u, 40u}) {
        d.set_recording(true);
        d.clear_log();
        ftl->erase(target);
        d.set_recording(false);
        journal_pages.push_back(d.log().front().address / kPage);
    }
    EXPECT_EQ(journal_pages, (std::vector<std::uint32_t>{0, 1, 0}));
}

class WriteAheadCutTest
    : public WriteAheadFtlTest,
      public ::testing::WithParamInterface<std::tuple<JournalReplay, int, CutMode>> {};

// A cut between the target page erase and the end of its rewrite is repaired by the replay.
TEST_P(WriteAheadCutTest, ReplayRepairsInterruptedRewrite) {
    const auto [policy, step, mode] = GetParam();
    auto ftl = make(policy);
    fill(*ftl);
    ftl->erase(3);  // an older journal entry in the other slot
    ftl->prog(3, 0, block_pattern(3));
    const std::uint32_t target = 16 + 9;
    const auto erase_at = find_op(
        f, d, [&] { ftl->erase(target); }, OpKind::erase, page_address(target));
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        const auto snap = f.snapshot();
        const auto state = d.state();
        d.arm_cut(
            {.op_index = erase_at + static_cast<std::uint64_t>(step), .mode = mode, .seed = seed});
        EXPECT_THROW(ftl->erase(target), PowerLoss);
        d.power_on();
        // The rebooted firmware has a fresh FTL object.
        auto rebooted = make(policy);
        // The damage is real: some neighbour of the target is gone.
        bool damaged = false;
        for (std::uint32_t b = 16; b < 32; ++b)
            if (b != target && read_block(*rebooted, b) != block_pattern(b)) damaged = true;
        EXPECT_TRUE(damaged) << "step " << step << " seed " << seed;
        const bool replayed = policy == JournalReplay::on_boot ? rebooted->replay_open_entry()
                                                               : rebooted->replay_newest_entry();
        EXPECT_TRUE(replayed);
        expect_all_intact(*rebooted, target);
        if (policy == JournalReplay::on_boot) {
            // The entry is marked done: a second boot does nothing.
            const auto index = d.next_index();
            EXPECT_FALSE(make(policy)->replay_open_entry());
            EXPECT_EQ(d.next_index(), index);
        }
        f.restore(snap);
        d.restore(state);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cuts, WriteAheadCutTest,
    ::testing::Combine(::testing::Values(JournalReplay::on_boot, JournalReplay::on_mount_failure),
                       ::testing::Values(0, 1), ::testing::Values(CutMode::torn, CutMode::after)));

TEST_F(WriteAheadFtlTest, CutAfterRhsProgramBeforeDoneIsReplayedHarmlessly) {
    auto ftl = make();
    fill(*ftl);
    const std::uint32_t target = 40;
    const auto erase_at = find_op(
        f, d, [&] { ftl->erase(target); }, OpKind::erase, page_address(target));
    d.arm_cut({.op_index = erase_at + 2, .mode = CutMode::after, .seed = 0});  // rhs program
    EXPECT_THROW(ftl->erase(target), PowerLoss);
    d.power_on();
    auto rebooted = make();
    expect_all_intact(*rebooted, target);
    EXPECT_TRUE(rebooted->replay_open_entry());  // `done` never landed
    expect_all_intact(*rebooted, target);
    EXPECT_FALSE(rebooted->replay_open_entry());
}

// A cut while the journal itself is written: the target page has not been touched, and a replay
// at boot neither damages it nor any other block (at most it completes the requested erase).
TEST_F(WriteAheadFtlTest, CutWhileWritingJournalIsHarmless) {
    auto ftl = make();
    fill(*ftl);
    ftl->erase(40);  // slot 0 holds a completed entry for another page
    ftl->prog(40, 0, block_pattern(40));
    const std::uint32_t target = 16 + 5;
    const auto erase_at = find_op(
        f, d, [&] { ftl->erase(target); }, OpKind::erase, page_address(target));
    const auto journal_erase = find_op(
        f, d, [&] { ftl->erase(target); }, OpKind::erase, kPage);
    ASSERT_EQ(erase_at - journal_erase, 4u);  // journal erase, header, lhs, rhs
    const auto before = f.contents();
    int cases = 0;
    for (std::uint64_t op = journal_erase; op < erase_at; ++op) {
        for (auto mode : {CutMode::before, CutMode::torn, CutMode::after}) {
            for (std::uint64_t seed = 0; seed < (mode == CutMode::torn ? 6u : 1u); ++seed) {
                const auto snap = f.snapshot();
                const auto state = d.state();
                d.arm_cut({.op_index = op, .mode = mode, .seed = seed});
                EXPECT_THROW(ftl->erase(target), PowerLoss);
                d.power_on();
                const auto after_cut = f.contents();
                EXPECT_TRUE(std::equal(before.begin() + 2 * kPage, before.end(),
                                       after_cut.begin() + 2 * kPage))
                    << "op " << op << " mode " << to_string(mode) << ": data pages changed";
                auto rebooted = make();
                rebooted->replay_open_entry();
                for (std::uint32_t b = 0; b < rebooted->block_count(); ++b) {
                    const auto got = read_block(*rebooted, b);
                    if (b == target)
                        EXPECT_TRUE(got == block_pattern(b) || got == Bytes(kBlock, 0xFF));
                    else
                        EXPECT_EQ(got, block_pattern(b))
                            << "block " << b << " op " << op << " mode " << to_string(mode)
                            << " seed " << seed;
                }
                ++cases;
                f.restore(snap);
                d.restore(state);
            }
        }
    }
    EXPECT_EQ(cases, 4 * 8);
}

// on_mount_failure replays the newest entry whatever its state, as firmware v1.3.1 does: after a
// completed erase and a new program of the erased block, the replay erases that block again.
TEST_F(WriteAheadFtlTest, ReplayNewestEntryRedoesEvenCompletedErase) {
    auto ftl = make(JournalReplay::on_mount_failure);
    fill(*ftl);
    ftl->erase(7);
    ftl->prog(7, 0, block_pattern(7));
    expect_all_intact(*ftl, UINT32_MAX);
    EXPECT_FALSE(ftl->replay_open_entry());  // done: the on-boot policy would not touch it
    EXPECT_TRUE(ftl->replay_newest_entry());
    expect_all_intact(*ftl, 7);  // block 7's new content is lost
}

TEST_F(WriteAheadFtlTest, EmptyJournalReplaysNothing) {
    auto ftl = make();
    fill(*ftl);
    const auto index = d.next_index();
    EXPECT_FALSE(ftl->replay_open_entry());
    EXPECT_FALSE(ftl->replay_newest_entry());
    EXPECT_EQ(d.next_index(), index);
}

// The journal page holds the header (24 B) and the page's kept bytes (page - block). Any block
// of at least 24 bytes fits; the constructor should accept exactly those.
TEST_F(WriteAheadFtlTest, SmallBlockSizeIsRejectedOrWorks) {
    bool constructed = false;
    try {
        WriteAheadFtl ftl(f, 16, JournalReplay::on_boot);
        constructed = true;
        fill(ftl);
        EXPECT_NO_THROW(ftl.erase(5));
    } catch (const FlashError&) {
        EXPECT_FALSE(constructed) << "erase failed on a block size the constructor accepted";
    }
}

TEST(MakeBlockDevice, BuildsTheRequestedLayer) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(6), d);
    auto none = make_block_device(f, {.mode = FtlMode::none});
    EXPECT_NE(dynamic_cast<PageBlockDevice*>(none.get()), nullptr);
    EXPECT_EQ(none->block_count(), 6u);
    auto rmw = make_block_device(f, {.mode = FtlMode::rmw, .block_size = 256});
    EXPECT_NE(dynamic_cast<RmwFtl*>(rmw.get()), nullptr);
    EXPECT_EQ(dynamic_cast<JournaledFtl*>(rmw.get()), nullptr);
    EXPECT_EQ(rmw->block_count(), 96u);
    auto j = make_block_device(
        f,
        {.mode = FtlMode::journaled, .block_size = 256, .replay = JournalReplay::on_mount_failure});
    // on-mount-failure is the firmware's journal, on-boot nk3rig's write-ahead what-if.
    auto* jp = dynamic_cast<JournaledFtl*>(j.get());
    ASSERT_NE(jp, nullptr);
    EXPECT_EQ(jp->block_count(), 64u);
    auto w = make_block_device(
        f, {.mode = FtlMode::journaled, .block_size = 256, .replay = JournalReplay::on_boot});
    auto* wp = dynamic_cast<WriteAheadFtl*>(w.get());
    ASSERT_NE(wp, nullptr);
    EXPECT_EQ(wp->block_count(), 64u);
    EXPECT_EQ(wp->replay_policy(), JournalReplay::on_boot);
}

TEST(FtlConfig, NamesRoundTrip) {
    for (auto m : {FtlMode::none, FtlMode::rmw, FtlMode::journaled})
        EXPECT_EQ(parse_ftl_mode(to_string(m)), m);
    for (auto r : {JournalReplay::on_boot, JournalReplay::on_mount_failure})
        EXPECT_EQ(parse_journal_replay(to_string(r)), r);
    EXPECT_FALSE(parse_ftl_mode("lfs").has_value());
    EXPECT_FALSE(parse_journal_replay("never").has_value());
}

}  // namespace
}  // namespace nk3::ftl
