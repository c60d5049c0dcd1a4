// The issue's acceptance: exhaustive power-cut sweeps over the storage stacks of the NK3 models.
// Clean stacks must pass every trial; the read-modify-write layer must be caught damaging files
// that were not being written, or leaving a filesystem that no longer mounts.

#include "sweep/power_cut_sweep.hpp"

#include <gtest/gtest.h>

#include "sweep/stack_presets.hpp"

namespace nk3::sweep {
namespace {

SweepConfig config_for(const std::string& preset, bool small = false, bool nested = false) {
    const auto* p = find_stack_preset(preset);
    EXPECT_NE(p, nullptr) << preset;
    SweepConfig c;
    c.stack = p->config;
    const std::uint32_t block = p->config.block_size();
    c.workload = small ? small_workload(block) : fido_like_workload(block);
    c.nested = nested;
    return c;
}

std::string first_failures(const SweepReport& r) {
    std::string s;
    for (std::size_t i = 0; i < std::min<std::size_t>(5, r.failures.size()); ++i) {
        const auto& f = r.failures[i];
        s += "\n  op #" + std::to_string(f.first.op_index) + " " +
             std::string(flash::to_string(f.first.mode)) + " during " + f.in_flight + ": " +
             f.reason + " [" + f.cut_detail + "]";
    }
    return s;
}

class CleanStack : public ::testing::TestWithParam<std::string> {};

TEST_P(CleanStack, EveryCutOfTheWorkloadLeavesOldOrNewState) {
    PowerCutSweep sweep(config_for(GetParam()));
    const auto report = sweep.run();
    // The workload does erases, programs and compactions: a sweep over a handful of operations
    // would prove little.
    EXPECT_GE(report.cut_points(), 20u);
    EXPECT_EQ(report.trials, 3 * report.cut_points());
    EXPECT_EQ(report.failed, 0u) << first_failures(report);
}

TEST_P(CleanStack, NestedCutsDuringRecoveryLeaveOldOrNewState) {
    PowerCutSweep sweep(config_for(GetParam(), /*small=*/true, /*nested=*/true));
    const auto report = sweep.run();
    EXPECT_EQ(report.failed, 0u) << first_failures(report);
    EXPECT_EQ(report.trials, 3 * report.cut_points() + report.nested_trials);
}

INSTANTIATE_TEST_SUITE_P(Stacks, CleanStack,
                         ::testing::Values("nrf52-none", "lpc55-none", "nrf52-journaled"),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (auto& c : n)
                                 if (c == '-' || c == '.') c = '_';
                             return n;
                         });

TEST(NestedSweep, RecoveryThatWritesIsCutAgain) {
    // littlefs's mount never writes, so on raw NOR a boot has nothing to cut; the journaled
    // layer replays its entry at boot, which writes, so there are second cuts to make.
    EXPECT_EQ(PowerCutSweep(config_for("nrf52-none", true, true)).run().nested_trials, 0u);
    PowerCutSweep sweep(config_for("nrf52-journaled", true, true));
    EXPECT_GT(sweep.run().nested_trials, 0u);
}

TEST(RmwSweep, FindsCollateralDamageAndUnmountableImages) {
    PowerCutSweep sweep(config_for("nrf52-rmw"));
    const auto report = sweep.run();
    ASSERT_GT(report.failed, 0u) << "the sweep must catch the read-modify-write hazard";
    EXPECT_GT(report.by_class.count(FailureClass::unmountable), 0u);
    // Files that were not being written lost their content.
    bool collateral = false;
    for (const auto& f : report.failures)
        collateral |= f.collateral;
    EXPECT_TRUE(collateral);
    EXPECT_GT(report.collateral, 0u);
    // Every failure names the cut that caused it; replaying it reproduces the same verdict.
    const auto& f = report.failures.front();
    auto again = sweep.trial(f.first);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->reason, f.reason);
    EXPECT_EQ(again->cls, f.cls);
}

TEST(JournaledSweep, NestedFailureReplaysToTheSameVerdict) {
    // The rmw layer's boot writes nothing (littlefs mounts read-only), so nested cuts need a
    // layer whose boot writes: the v1.3.1 journal's replay after a failed mount.
    PowerCutSweep sweep(config_for("nrf52-journaled-v1.3.1", /*small=*/true, /*nested=*/true));
    const auto report = sweep.run();
    const TrialFailure* nested = nullptr;
    for (const auto& f : report.failures)
        if (f.second) nested = &f;
    ASSERT_NE(nested, nullptr) << "expected a failing trial with a second cut";
    auto again = sweep.trial(nested->first, nested->second);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->reason, nested->reason);
    EXPECT_EQ(again->cut_detail, nested->cut_detail);
}

TEST(RmwSweep, DamageHappensOnlyInTheEraseWindow) {
    // A cut that lands on a program never destroys neighbours in the rmw layer; only cuts
    // between a page erase and the rewrite of its neighbours do.
    PowerCutSweep sweep(config_for("nrf52-rmw"));
    const auto report = sweep.run();
    const auto& ops = sweep.dry_run_ops();
    for (const auto& f : report.failures) {
        if (!f.collateral) continue;
        // The window: the page erase itself, or the (at most two) programs that put the
        // neighbours back, which follow the erase and land in the same page.
        const std::size_t at = f.first.op_index - ops.front().index;
        const auto& op = ops.at(at);
        bool erase_window = op.kind == flash::OpKind::erase;
        for (std::size_t back = 1; back <= 2 && back <= at && !erase_window; ++back) {
            const auto& prev = ops.at(at - back);
            erase_window =
                prev.kind == flash::OpKind::erase && op.address / 4096 == prev.address / 4096;
        }
        EXPECT_TRUE(erase_window || f.first.mode != flash::CutMode::before)
            << "collateral damage from a cut before a program at op #" << op.index;
    }
}

TEST(Sweep, SameSeedSameOutcomesOtherSeedOtherTears) {
    auto c = config_for("nrf52-journaled-v1.3.1");
    c.modes = {flash::CutMode::torn};
    auto a = PowerCutSweep(c).run();
    auto b = PowerCutSweep(c).run();
    ASSERT_EQ(a.failed, b.failed);
    for (std::size_t i = 0; i < a.failures.size(); ++i) {
        EXPECT_EQ(a.failures[i].first.op_index, b.failures[i].first.op_index);
        EXPECT_EQ(a.failures[i].cut_detail, b.failures[i].cut_detail);
    }
    // Another seed tears the same operations differently. Force a verdict-independent look
    // at the tear itself: the detail of every torn trial, failing or not, through trial().
    auto details = [&](std::uint64_t seed) {
        auto cc = c;
        cc.seed = seed;
        PowerCutSweep s(cc);
        std::vector<std::string> out;
        for (const auto& op : s.dry_run_ops()) {
            auto f = s.trial({op.index, flash::CutMode::torn});
            out.push_back(f ? f->cut_detail : "");
        }
        return out;
    };
    EXPECT_EQ(details(1), details(1));
    EXPECT_NE(details(1), details(99));
}

}  // namespace
}  // namespace nk3::sweep
