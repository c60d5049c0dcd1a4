// Every shipped scenario parses, and says what the docs say it does.

#include <gtest/gtest.h>

#include <filesystem>

#include "harness/checks/check.hpp"
#include "harness/scenario/scenario_parser.hpp"

namespace nk3::scenario {
namespace {

const std::filesystem::path kDir = NK3RIG_SCENARIOS_DIR;

TEST(ShippedScenarios, EveryFileLoads) {
    int scenarios = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
        if (entry.path().extension() != ".yaml") continue;
        SCOPED_TRACE(entry.path().string());
        const auto loaded = load_scenarios(entry.path());
        ASSERT_FALSE(loaded.empty());
        for (const auto& s : loaded) {
            EXPECT_FALSE(s.about.empty());
            EXPECT_FALSE(s.operation.empty());
            EXPECT_FALSE(s.checks.empty());
        }
        ++scenarios;
    }
    EXPECT_GE(scenarios, 5);
}

TEST(ShippedScenarios, SeedIncident) {
    const Scenario s = load_scenario(kDir / "seed-incident.yaml");
    EXPECT_EQ(s.name, "seed-incident");
    EXPECT_EQ(s.target, "sim:nk3am-1.3.1");
    // Three rounds of: plug in, four logins.
    ASSERT_EQ(s.operation.size(), 15u);
    for (std::size_t i = 0; i < s.operation.size(); ++i) {
        if (i % 5 == 0) {
            const auto* p = std::get_if<PowerCycle>(&s.operation[i].step);
            ASSERT_NE(p, nullptr) << i;
            EXPECT_TRUE(p->plug_in);
            continue;
        }
        const auto* a = std::get_if<GetAssertion>(&s.operation[i].step);
        ASSERT_NE(a, nullptr) << i;
        EXPECT_EQ(a->credential, "ssh");
        EXPECT_EQ(a->rp, "ssh:");
    }
    EXPECT_EQ(s.operation[0].source.what, "plug_in (repeat 1/3)");
    const auto* ssh = std::get_if<MakeCredential>(&s.setup[2].step);
    ASSERT_NE(ssh, nullptr);
    EXPECT_EQ(ssh->alg, Alg::eddsa);
    EXPECT_FALSE(ssh->resident);
    EXPECT_EQ(s.fault.kind, PlanKind::flash_sweep);
    EXPECT_EQ(s.fault.modes.size(), 3u);
    EXPECT_EQ(s.checks.size(), 7u);
}

TEST(ShippedScenarios, RkCreateReplacesOne) {
    const Scenario s = load_scenario(kDir / "rk-create.yaml");
    const auto* last = std::get_if<MakeCredential>(&s.operation.back().step);
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(last->replaces, "web");
}

TEST(ShippedScenarios, PinTearingAttemptsAreWrong) {
    const Scenario s = load_scenario(kDir / "pin-tearing.yaml");
    ASSERT_EQ(s.operation.size(), 2u);
    for (const auto& step : s.operation) {
        const auto* p = std::get_if<PinAttempt>(&step.step);
        ASSERT_NE(p, nullptr);
        EXPECT_TRUE(p->wrong);
    }
}

TEST(ShippedScenarios, NightlyIncludesEveryScenario) {
    const auto all = load_scenarios(kDir / "nightly.yaml");
    std::vector<std::string> names;
    for (const auto& s : all)
        names.push_back(s.name);
    EXPECT_EQ(names, (std::vector<std::string>{"seed-incident", "rk-create", "rk-delete",
                                               "pin-tearing", "pin-time-sweep", "random-logins"}));
}

TEST(ShippedScenarios, PinTimeSweepCutsEveryMillisecond) {
    const Scenario s = load_scenario(kDir / "pin-time-sweep.yaml");
    EXPECT_EQ(s.fault.kind, PlanKind::time_sweep);
    EXPECT_EQ(s.fault.step_us, 1000);
    ASSERT_EQ(s.operation.size(), 2u);
    for (const auto& step : s.operation)
        EXPECT_TRUE(std::get<PinAttempt>(step.step).wrong);
}

TEST(ShippedScenarios, RandomLoginsIsARandomPlan) {
    const Scenario s = load_scenario(kDir / "random-logins.yaml");
    EXPECT_EQ(s.fault.kind, PlanKind::random);
    EXPECT_EQ(s.fault.count, 1000u);
    EXPECT_EQ(s.operation.size(), 4u);
}

}  // namespace
}  // namespace nk3::scenario
