// Fault plans: each kind with its fields.

#include <gtest/gtest.h>

#include "harness/scenario/tests/scenario_test_util.hpp"

namespace nk3::scenario::testing {
namespace {

FaultPlan plan(const std::string& fault) {
    return parse_scenario(scenario_with("", "  - power_cycle\n", "fault: " + fault + "\n"),
                          "t.yaml")
        .fault;
}

TEST(FaultPlan, FlashSweep) {
    const FaultPlan p = plan("{plan: flash-sweep, modes: [torn, after], power_off_ms: 20}");
    EXPECT_EQ(p.kind, PlanKind::flash_sweep);
    EXPECT_EQ(p.modes, (std::vector<flash::CutMode>{flash::CutMode::torn, flash::CutMode::after}));
    EXPECT_EQ(p.power_off, std::chrono::milliseconds(20));
}

TEST(FaultPlan, Nested) {
    const FaultPlan p = plan("{plan: nested, modes: [before], power_off_ms: 0, bound: 40}");
    EXPECT_EQ(p.kind, PlanKind::nested);
    EXPECT_EQ(p.nested_bound, 40u);
    EXPECT_EQ(p.power_off, SimTime{0});
}

TEST(FaultPlan, TimeSweep) {
    const FaultPlan p = plan(
        "{plan: time-sweep, anchor: first-keepalive, from_us: 0, to_us: 90000, step_us: 250, "
        "power_off_ms: 100}");
    EXPECT_EQ(p.kind, PlanKind::time_sweep);
    EXPECT_EQ(p.anchor, Anchor::first_keepalive);
    EXPECT_EQ(p.from_us, 0);
    EXPECT_EQ(p.to_us, 90000);
    EXPECT_EQ(p.step_us, 250);
}

TEST(FaultPlan, Random) {
    const FaultPlan p = plan(
        "{plan: random, count: 100000, from_us: 10, to_us: 2000000, seed: 18446744073709551615, "
        "power_off_ms: 50}");
    EXPECT_EQ(p.kind, PlanKind::random);
    EXPECT_EQ(p.count, 100000u);
    EXPECT_EQ(p.from_us, 10);
    EXPECT_EQ(p.to_us, 2000000);
    EXPECT_EQ(p.seed, 18446744073709551615ull);
}

TEST(FaultPlan, TimePlansTakeNoModes) {
    const auto e = error_of(scenario_with(
        "", "  - power_cycle\n",
        "fault: {plan: random, count: 1, from_us: 0, to_us: 1, seed: 1, power_off_ms: 5, modes: "
        "[torn]}\n"));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->field(), "fault.modes");
}

TEST(FaultPlan, ZeroStepIsRefused) {
    const auto e = error_of(scenario_with("", "  - power_cycle\n",
                                          "fault: {plan: time-sweep, anchor: request-sent, "
                                          "from_us: 0, to_us: 1, step_us: 0, power_off_ms: 5}\n"));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->field(), "fault.step_us");
}

}  // namespace
}  // namespace nk3::scenario::testing
