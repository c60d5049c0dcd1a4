// The planner: plan sizes and the trial at each index are deterministic, every kind of plan
// enumerates what it promises, and shard slices are disjoint and cover the plan.

#include "harness/engine/plan.hpp"

#include <gtest/gtest.h>

#include <set>

#include "harness/engine/shard.hpp"

namespace nk3::engine {
namespace {

using scenario::FaultPlan;
using scenario::PlanKind;

FaultPlan flash_sweep() {
    FaultPlan f;
    f.kind = PlanKind::flash_sweep;
    return f;
}

TEST(PlanTest, FlashSweepIsOpsTimesModesInOpMajorOrder) {
    PlanInputs in;
    in.operation_ops = 5;
    const Plan p(flash_sweep(), in);
    ASSERT_EQ(p.size(), 15u);
    std::set<std::pair<std::uint64_t, flash::CutMode>> seen;
    for (std::uint64_t i = 0; i < p.size(); ++i) {
        const TrialSpec t = p.at(i);
        EXPECT_EQ(t.index, i);
        ASSERT_TRUE(t.op.has_value());
        EXPECT_EQ(*t.op, i / 3);
        EXPECT_FALSE(t.second_op.has_value());
        seen.insert({*t.op, t.mode});
    }
    EXPECT_EQ(seen.size(), 15u);
    EXPECT_EQ(p.at(4).mode, flash::CutMode::torn);
    EXPECT_THROW(p.at(15), std::out_of_range);
}

TEST(PlanTest, SamePlanTwiceGivesTheSameTrials) {
    FaultPlan f;
    f.kind = PlanKind::random;
    f.count = 50;
    f.from_us = -100;
    f.to_us = 90000;
    PlanInputs in;
    in.requests = 4;
    in.seed = 7;
    const Plan a(f, in), b(f, in);
    ASSERT_EQ(a.size(), 50u);
    for (std::uint64_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a.at(i).offset_us, b.at(i).offset_us);
        EXPECT_GE(*a.at(i).offset_us, -100);
        EXPECT_LE(*a.at(i).offset_us, 90000);
    }
    in.seed = 8;
    const Plan c(f, in);
    int differ = 0;
    for (std::uint64_t i = 0; i < a.size(); ++i)
        differ += a.at(i).offset_us != c.at(i).offset_us;
    EXPECT_GT(differ, 40) << "another --seed draws other offsets";
}

TEST(PlanTest, NestedHasTheFirstCutThenEverySecondCut) {
    FaultPlan f;
    f.kind = PlanKind::nested;
    f.modes = {flash::CutMode::before, flash::CutMode::after};
    PlanInputs in;
    in.operation_ops = 2;
    in.boot_ops = {0, 2, 1, 0};  // per (op, mode)
    const Plan p(f, in);
    // (0,before): 1; (0,after): 1 + 2*2; (1,before): 1 + 1*2; (1,after): 1.
    ASSERT_EQ(p.size(), 1u + 5u + 3u + 1u);
    EXPECT_EQ(*p.at(0).op, 0u);
    EXPECT_FALSE(p.at(0).second_op);
    EXPECT_EQ(p.at(1).mode, flash::CutMode::after);
    EXPECT_FALSE(p.at(1).second_op);
    EXPECT_EQ(*p.at(2).second_op, 0u);
    EXPECT_EQ(p.at(2).second_mode, flash::CutMode::before);
    EXPECT_EQ(*p.at(5).second_op, 1u);
    EXPECT_EQ(p.at(5).second_mode, flash::CutMode::after);
    EXPECT_EQ(*p.at(6).op, 1u);
    EXPECT_FALSE(p.at(6).second_op);
    EXPECT_EQ(*p.at(9).op, 1u);
    EXPECT_EQ(p.at(9).mode, flash::CutMode::after);
}

TEST(PlanTest, TimeSweepIsRequestsTimesOffsets) {
    FaultPlan f;
    f.kind = PlanKind::time_sweep;
    f.from_us = 0;
    f.to_us = 1000;
    f.step_us = 250;
    PlanInputs in;
    in.requests = 3;
    const Plan p(f, in);
    ASSERT_EQ(p.size(), 15u);
    EXPECT_EQ(*p.at(0).request, 0u);
    EXPECT_EQ(*p.at(0).offset_us, 0);
    EXPECT_EQ(*p.at(4).offset_us, 1000);
    EXPECT_EQ(*p.at(5).request, 1u);
    EXPECT_EQ(*p.at(7).offset_us, 500);
}

TEST(ShardTest, ParsesOneBasedSlices) {
    auto s = parse_shard("2/5");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->index, 1u);
    EXPECT_EQ(s->count, 5u);
    EXPECT_EQ(s->text(), "2/5");
    for (const char* bad : {"0/2", "3/2", "1/0", "x/2", "1/", "/2", "12", "1/2/3", "-1/2"})
        EXPECT_FALSE(parse_shard(bad)) << bad;
}

TEST(ShardTest, SlicesAreDisjointAndCoverThePlan) {
    for (std::uint32_t n : {1u, 2u, 3u, 7u}) {
        std::multiset<std::uint64_t> all;
        for (std::uint32_t i = 0; i < n; ++i) {
            const Shard s{i, n};
            for (std::uint64_t k = 0; k < 100; ++k)
                if (s.contains(k)) all.insert(k);
        }
        ASSERT_EQ(all.size(), 100u) << n;
        for (std::uint64_t k = 0; k < 100; ++k)
            EXPECT_EQ(all.count(k), 1u) << n << " " << k;
    }
}

}  // namespace
}  // namespace nk3::engine
