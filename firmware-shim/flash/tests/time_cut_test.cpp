// Cuts armed at a simulated instant (PowerDomain::arm_cut_at_time): the operation running at
// that instant is torn at the matching fraction, an instant between operations cuts the next
// one before it starts, and an idle device lands the cut itself through cut_idle().

#include <gtest/gtest.h>

#include <vector>

#include "flash/flash_error.hpp"
#include "flash/nor_flash.hpp"
#include "flash/power_domain.hpp"

namespace nk3::flash {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

// nRF52840 internal flash: 41 us per 32-bit word, 85 ms per page erase.
FlashGeometry nrf(std::uint32_t pages = 2) {
    return FlashGeometry::nrf52840_internal(pages);
}

TEST(TimeCut, InstantInsideAnOperationTearsIt) {
    PowerDomain d;
    NorFlash f(nrf(), d);
    f.program(0, Bytes(8, 0x00));  // op 0: 82 us
    // op 1 programs 16 words from t=82us for 656us; cut 5.5 words into it.
    const SimTime start = d.now();
    const SimTime at = start + 41us * 5 + 20us;
    d.arm_cut_at_time(at, 7);
    EXPECT_THROW(f.program(64, Bytes(64, 0x00)), PowerLoss);
    EXPECT_FALSE(d.powered());
    ASSERT_TRUE(d.last_cut().has_value());
    const CutRecord& cut = *d.last_cut();
    EXPECT_EQ(cut.plan.op_index, 1u);
    EXPECT_EQ(cut.plan.mode, CutMode::torn);
    EXPECT_EQ(cut.op.index, 1u);
    EXPECT_EQ(cut.at, at);
    ASSERT_TRUE(cut.armed_at.has_value());
    EXPECT_EQ(*cut.armed_at, at);
    EXPECT_FALSE(cut.idle);
    EXPECT_EQ(d.now(), at);
    EXPECT_FALSE(d.armed_time().has_value());

    // Words before the one under the cut are programmed, words after it untouched.
    const Bytes contents = f.contents();
    for (std::size_t i = 64; i < 64 + 20; ++i)
        EXPECT_EQ(contents[i], 0x00) << i;
    for (std::size_t i = 64 + 24; i < 128; ++i)
        EXPECT_EQ(contents[i], 0xFF) << i;
}

TEST(TimeCut, EraseTornAtTheInstantKeepsTheMatchingPrefix) {
    PowerDomain d;
    NorFlash f(nrf(), d);
    f.program(0, Bytes(4096, 0x00));
    const SimTime at = d.now() + 85ms / 4;
    d.arm_cut_at_time(at, 3);
    EXPECT_THROW(f.erase_page(0), PowerLoss);
    ASSERT_TRUE(d.last_cut());
    EXPECT_EQ(d.last_cut()->plan.mode, CutMode::torn);
    EXPECT_EQ(d.last_cut()->at, at);
    EXPECT_GT(d.last_cut()->bytes_changed, 0u);
}

TEST(TimeCut, InstantBetweenOperationsCutsTheNextBefore) {
    PowerDomain d;
    NorFlash f(nrf(), d);
    f.program(0, Bytes(4, 0x00));  // ends at 41 us
    d.arm_cut_at_time(50us);
    d.advance(100us);  // the device was idle past the instant and did not land it
    EXPECT_THROW(f.program(4, Bytes(4, 0x00)), PowerLoss);
    ASSERT_TRUE(d.last_cut());
    EXPECT_EQ(d.last_cut()->plan.mode, CutMode::before);
    EXPECT_EQ(d.last_cut()->op.index, 1u);
    EXPECT_EQ(d.last_cut()->at, 141us);
    EXPECT_EQ(f.contents()[4], 0xFF);
}

TEST(TimeCut, InstantAtTheStartOfAnOperationCutsItBefore) {
    PowerDomain d;
    NorFlash f(nrf(), d);
    f.program(0, Bytes(4, 0x00));
    d.arm_cut_at_time(d.now());
    EXPECT_THROW(f.program(4, Bytes(4, 0x00)), PowerLoss);
    EXPECT_EQ(d.last_cut()->plan.mode, CutMode::before);
}

TEST(TimeCut, InstantAfterTheOperationLetsItRun) {
    PowerDomain d;
    NorFlash f(nrf(), d);
    d.arm_cut_at_time(1ms);
    f.program(0, Bytes(4, 0x00));
    EXPECT_TRUE(d.powered());
    EXPECT_FALSE(d.last_cut());
    EXPECT_TRUE(d.armed_time().has_value());
    EXPECT_FALSE(d.time_cut_within(500us));
    EXPECT_TRUE(d.time_cut_within(1ms));
}

TEST(TimeCut, CutIdleMovesTheClockAndRecordsNoOperation) {
    PowerDomain d;
    NorFlash f(nrf(), d);
    f.program(0, Bytes(4, 0x00));
    d.arm_cut_at_time(2ms, 9);
    d.cut_idle();
    EXPECT_FALSE(d.powered());
    EXPECT_EQ(d.now(), 2ms);
    ASSERT_TRUE(d.last_cut());
    EXPECT_TRUE(d.last_cut()->idle);
    EXPECT_EQ(d.last_cut()->at, 2ms);
    EXPECT_EQ(d.last_cut()->plan.op_index, 1u);
    EXPECT_EQ(d.last_cut()->plan.mode, CutMode::before);
    EXPECT_EQ(d.last_cut()->plan.seed, 9u);
    EXPECT_FALSE(d.armed_time());
    EXPECT_THROW(f.program(4, Bytes(4, 0x00)), PowerLoss);
    EXPECT_EQ(d.next_index(), 1u);
}

TEST(TimeCut, CutAtAnIndexAndAtATimeAreIndependent) {
    PowerDomain d;
    NorFlash f(nrf(), d);
    d.arm_cut({.op_index = 0, .mode = CutMode::after, .seed = 1});
    d.arm_cut_at_time(10ms);
    EXPECT_THROW(f.program(0, Bytes(4, 0x00)), PowerLoss);
    EXPECT_FALSE(d.last_cut()->armed_at.has_value());
    EXPECT_TRUE(d.armed_time().has_value());  // still ahead
    d.disarm();
    EXPECT_FALSE(d.armed_time().has_value());
    EXPECT_FALSE(d.armed().has_value());
}

TEST(TimeCut, SameInstantAndSeedTearTheSameWay) {
    auto run = [] {
        PowerDomain d;
        NorFlash f(nrf(), d);
        f.program(0, Bytes(4096, 0x00));
        d.arm_cut_at_time(d.now() + 30ms, 5);
        EXPECT_THROW(f.erase_page(0), PowerLoss);
        return f.contents();
    };
    EXPECT_EQ(run(), run());
}

TEST(TimeCut, RestoreForgetsAnArmedTimeCut) {
    PowerDomain d;
    d.arm_cut_at_time(1ms);
    d.restore({});
    EXPECT_FALSE(d.armed_time());
}

}  // namespace
}  // namespace nk3::flash
