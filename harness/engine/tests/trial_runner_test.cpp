// The trial runner on the simulator: a cut before the operation's first flash operation
// passes, the seed incident on nk3am-1.2.2 fails credentials_survive and no_self_reset, and a
// trial gives the same record on two keys built from the same seed; a repeated trial reuses its
// outcome, except when traced.

#include "harness/engine/trial_runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "harness/engine/engine_error.hpp"
#include "harness/engine/plan.hpp"
#include "harness/engine/tests/test_scenarios.hpp"
#include "rig/target.hpp"

namespace nk3::engine {
namespace {

constexpr std::uint64_t kSeed = 3;

bool failed(const results::TrialRecord& r, const std::string& check) {
    const auto f = r.failing_checks();
    return std::find(f.begin(), f.end(), check) != f.end();
}

results::TrialRecord without_wall_clock(results::TrialRecord r) {
    r.duration_us = 0;
    return r;
}

TEST(TrialRunnerTest, CutBeforeTheFirstFlashOperationPasses) {
    const auto sc = testing::small_incident(2);
    auto target = rig::sim_target_factory("sim:nk3am-1.2.2", kSeed)();
    TrialRunner runner(sc, *target, kSeed);
    const Plan plan(sc.fault, runner.plan_inputs());
    ASSERT_GT(plan.size(), 0u);
    const TrialSpec first = plan.at(0);
    ASSERT_EQ(first.mode, flash::CutMode::before);
    const auto r = runner.run(first);
    EXPECT_EQ(r.verdict, "pass") << r.reason;
    EXPECT_EQ(r.flash_op, 0);
    EXPECT_EQ(r.cut_mode, "before");
    EXPECT_EQ(r.checks.size(), sc.checks.size());
    EXPECT_TRUE(r.replay.empty());
}

TEST(TrialRunnerTest, FlashSweepPlanNeedsASimulatedKey) {
    auto sc = testing::small_incident(1);
    auto target = rig::sim_target_factory("sim:nk3am-1.2.2", kSeed)();
    target->sim = nullptr;  // as a bench target
    EXPECT_THROW(TrialRunner(sc, *target, kSeed), PlanRefused);
}

TEST(TrialRunnerTest, IncidentOnNk3am130FailsCredentialsAndSelfReset) {
    const auto sc = testing::small_incident(3);
    auto target = rig::sim_target_factory("sim:nk3am-1.2.2", kSeed)();
    TrialRunner runner(sc, *target, kSeed, "RUN");
    const Plan plan(sc.fault, runner.plan_inputs());
    std::optional<results::TrialRecord> incident;
    // Cuts `after` a page erase are where the translation layer loses neighbours.
    for (std::uint64_t i = 0; i < plan.size() && !incident; ++i) {
        const TrialSpec t = plan.at(i);
        if (t.mode != flash::CutMode::after) continue;
        if (runner.dry_run().ops[*t.op].kind != flash::OpKind::erase) continue;
        auto r = runner.run(t);
        if (r.verdict == "fail") incident = r;
    }
    ASSERT_TRUE(incident) << "no cut after a page erase broke nk3am-1.2.2";
    EXPECT_TRUE(failed(*incident, "credentials_survive")) << incident->reason;
    EXPECT_TRUE(failed(*incident, "no_self_reset")) << incident->reason;
    EXPECT_EQ(incident->replay, "nk3rig replay RUN " + std::to_string(incident->plan_index));
    EXPECT_EQ(incident->op_kind, "erase");
}

TEST(TrialRunnerTest, SameTrialSameRecordOnTwoKeysAndTwice) {
    const auto sc = testing::small_incident(2);
    auto factory = rig::sim_target_factory("sim:nk3am-1.2.2", kSeed);
    auto ta = factory(), tb = factory();
    TrialRunner a(sc, *ta, kSeed), b(sc, *tb, kSeed);
    const Plan pa(sc.fault, a.plan_inputs()), pb(sc.fault, b.plan_inputs());
    ASSERT_EQ(pa.size(), pb.size());
    ASSERT_EQ(a.dry_run().fingerprint, b.dry_run().fingerprint);
    // Every 7th trial, in a different order on b, and one of them twice on a.
    std::vector<std::uint64_t> picks;
    for (std::uint64_t i = 0; i < pa.size(); i += 7)
        picks.push_back(i);
    std::vector<results::TrialRecord> ra, rb(picks.size());
    for (auto i : picks)
        ra.push_back(without_wall_clock(a.run(pa.at(i))));
    for (std::size_t k = picks.size(); k-- > 0;)
        rb[k] = without_wall_clock(b.run(pb.at(picks[k])));
    for (std::size_t k = 0; k < picks.size(); ++k)
        EXPECT_EQ(ra[k], rb[k]) << "trial " << picks[k];
    EXPECT_EQ(without_wall_clock(a.run(pa.at(picks[1]))), ra[1]);
}

TEST(TrialRunnerTest, ARepeatedTrialReusesItsOutcomeUnlessTraced) {
    const auto sc = testing::small_incident(2);
    auto factory = rig::sim_target_factory("sim:nk3am-1.2.2", kSeed);
    auto target = factory();
    TrialRunner runner(sc, *target, kSeed);
    OutcomeCache cache;
    runner.set_outcome_cache(&cache);
    const Plan plan(sc.fault, runner.plan_inputs());
    // A trial that fails: its outcome is more than "all passed".
    std::optional<std::uint64_t> failing;
    for (std::uint64_t i = 0; i < plan.size() && !failing; ++i)
        if (runner.run(plan.at(i)).verdict == "fail") failing = i;
    ASSERT_TRUE(failing.has_value());
    const auto first = without_wall_clock(runner.run(plan.at(*failing)));
    const auto reused = runner.timings().reused;
    EXPECT_GT(reused, 0u);  // the failing trial's second run, at least

    EXPECT_EQ(without_wall_clock(runner.run(plan.at(*failing))), first);
    EXPECT_EQ(runner.timings().reused, reused + 1);

    // Traced (a replay): boots and checks, and says so in the trace.
    std::vector<std::string> lines;
    runner.set_trace([&](const std::string& line) { lines.push_back(line); });
    EXPECT_EQ(without_wall_clock(runner.run(plan.at(*failing))), first);
    EXPECT_EQ(runner.timings().reused, reused + 1);
    EXPECT_TRUE(std::any_of(lines.begin(), lines.end(),
                            [](const std::string& l) { return l.rfind("BOOT: ", 0) == 0; }));
}

}  // namespace
}  // namespace nk3::engine
