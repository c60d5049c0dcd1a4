// PowerDomain: numbering, clock, recording, cut plans, and chips sharing one rail.

#include "flash/power_domain.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "flash/flash_error.hpp"
#include "flash/nor_flash.hpp"

namespace nk3::flash {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

TEST(PowerDomain, BeginNumbersAndFinishAdvancesClock) {
    PowerDomain d;
    auto t0 = d.begin(OpKind::program, 0, 0, 4, 10us);
    EXPECT_EQ(t0.op.index, 0u);
    EXPECT_EQ(t0.op.start, SimTime{0});
    EXPECT_FALSE(t0.cut.has_value());
    d.finish(t0);
    EXPECT_EQ(d.now(), 10us);
    auto t1 = d.begin(OpKind::erase, 1, 4096, 4096, 5ms);
    EXPECT_EQ(t1.op.index, 1u);
    EXPECT_EQ(t1.op.start, 10us);
    d.finish(t1);
    EXPECT_EQ(d.now(), 10us + 5ms);
    EXPECT_EQ(d.next_index(), 2u);
    d.advance(1ms);
    EXPECT_EQ(d.now(), 10us + 6ms);
}

TEST(PowerDomain, LogOnlyWhenRecording) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(1), d);
    f.program(0, Bytes(4, 0));
    EXPECT_TRUE(d.log().empty());
    d.set_recording(true);
    f.program(4, Bytes(4, 0));
    f.erase_page(0);
    ASSERT_EQ(d.log().size(), 2u);
    EXPECT_EQ(d.log()[0].index, 1u);
    EXPECT_EQ(d.log()[1].index, 2u);
    d.set_recording(false);
    f.program(8, Bytes(4, 0));
    EXPECT_EQ(d.log().size(), 2u);
    d.clear_log();
    EXPECT_TRUE(d.log().empty());
    EXPECT_EQ(d.next_index(), 4u);
}

TEST(PowerDomain, TwoChipsShareTheCounterAndClock) {
    PowerDomain d;
    d.set_recording(true);
    NorFlash a(FlashGeometry::nrf52840_internal(1), d, 0);
    NorFlash b(FlashGeometry::gd25q16(1), d, 1);
    a.program(0, Bytes(4, 0));
    b.program(0, Bytes(256, 0));
    a.erase_page(0);
    b.erase_page(0);
    ASSERT_EQ(d.log().size(), 4u);
    for (std::uint64_t i = 0; i < 4; ++i)
        EXPECT_EQ(d.log()[i].index, i);
    EXPECT_EQ(d.log()[0].chip, 0);
    EXPECT_EQ(d.log()[1].chip, 1);
    EXPECT_EQ(d.log()[1].start, 41us);
    EXPECT_EQ(d.log()[2].start, 41us + 700us);
    EXPECT_EQ(d.log()[3].start, 41us + 700us + 85ms);
    EXPECT_EQ(d.now(), 41us + 700us + 85ms + 50ms);
}

TEST(PowerDomain, CutOnOneChipStopsTheOther) {
    PowerDomain d;
    NorFlash a(FlashGeometry::nrf52840_internal(1), d, 0);
    NorFlash b(FlashGeometry::nrf52840_internal(1), d, 1);
    a.program(0, Bytes(4, 0));
    d.arm_cut({.op_index = 1, .mode = CutMode::before, .seed = 0});
    EXPECT_THROW(b.program(0, Bytes(4, 0)), PowerLoss);
    ASSERT_TRUE(d.last_cut());
    EXPECT_EQ(d.last_cut()->op.chip, 1);
    Bytes out(4);
    EXPECT_THROW(a.read(0, out), PowerLoss);
    EXPECT_THROW(a.program(4, Bytes(4, 0)), PowerLoss);
    d.power_on();
    a.read(0, out);
    EXPECT_EQ(out, Bytes(4, 0));
}

TEST(PowerDomain, PowerOffWithoutCut) {
    PowerDomain d;
    d.power_off();
    EXPECT_FALSE(d.powered());
    EXPECT_THROW(d.require_power(), PowerLoss);
    EXPECT_THROW(d.begin(OpKind::program, 0, 0, 4, 1us), PowerLoss);
    EXPECT_EQ(d.next_index(), 0u);
    d.power_on();
    EXPECT_NO_THROW(d.require_power());
}

TEST(PowerDomain, CutAheadStaysArmedAcrossPowerCycle) {
    PowerDomain d;
    d.arm_cut({.op_index = 5, .mode = CutMode::after, .seed = 1});
    d.power_off();
    d.power_on();
    ASSERT_TRUE(d.armed());
    EXPECT_EQ(d.armed()->op_index, 5u);
    d.disarm();
    EXPECT_FALSE(d.armed());
}

TEST(PowerDomain, TornCutElapsedIsAFractionOfDuration) {
    PowerDomain d;
    d.arm_cut({.op_index = 0, .mode = CutMode::torn, .seed = 0});
    auto t = d.begin(OpKind::erase, 0, 0, 4096, 100ms);
    ASSERT_TRUE(t.cut.has_value());
    EXPECT_EQ(*t.cut, CutMode::torn);
    EXPECT_THROW(d.finish(t, 0.25, 7, "detail"), PowerLoss);
    EXPECT_EQ(d.now(), 25ms);
    ASSERT_TRUE(d.last_cut());
    EXPECT_EQ(d.last_cut()->at, 25ms);
    EXPECT_EQ(d.last_cut()->bytes_changed, 7u);
    EXPECT_EQ(d.last_cut()->detail, "detail");
    EXPECT_FALSE(d.armed());
    EXPECT_FALSE(d.powered());
}

TEST(PowerDomain, StateRestore) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(1), d);
    f.program(0, Bytes(4, 0));
    const auto s = d.state();
    f.program(4, Bytes(4, 0));
    d.arm_cut({.op_index = d.next_index(), .mode = CutMode::before, .seed = 0});
    EXPECT_THROW(f.program(8, Bytes(4, 0)), PowerLoss);
    d.arm_cut({.op_index = 99, .mode = CutMode::before, .seed = 0});
    d.restore(s);
    EXPECT_EQ(d.next_index(), 1u);
    EXPECT_EQ(d.now(), 41us);
    EXPECT_TRUE(d.powered());
    EXPECT_FALSE(d.last_cut());
    EXPECT_FALSE(d.armed());
}

TEST(FlashOp, CutModeNamesRoundTrip) {
    for (auto m : {CutMode::before, CutMode::torn, CutMode::after})
        EXPECT_EQ(parse_cut_mode(to_string(m)), m);
    EXPECT_FALSE(parse_cut_mode("during").has_value());
    EXPECT_EQ(to_string(OpKind::erase), "erase");
    EXPECT_EQ(to_string(OpKind::program), "program");
}

TEST(FlashOp, DescribeNamesIndexKindAndAddress) {
    const FlashOp op{.index = 12,
                     .kind = OpKind::erase,
                     .chip = 1,
                     .address = 0x2000,
                     .length = 4096,
                     .start = 2ms,
                     .duration = 85ms};
    const std::string s = describe(op);
    EXPECT_NE(s.find("#12"), std::string::npos) << s;
    EXPECT_NE(s.find("erase"), std::string::npos) << s;
    EXPECT_NE(s.find("0x002000"), std::string::npos) << s;
    EXPECT_NE(s.find("chip1"), std::string::npos) << s;
}

}  // namespace
}  // namespace nk3::flash
