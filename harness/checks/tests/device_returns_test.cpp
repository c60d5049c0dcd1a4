// device_returns: passes when the key answers getInfo after power came back; otherwise tries
// further power cycles and tells a key that came back late from a dead one.

#include <gtest/gtest.h>

#include "harness/checks/run_checks.hpp"
#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks::testing {
namespace {

TEST(DeviceReturns, PassesWhenTheKeyAnswers) {
    FakeLink link;
    History history;
    CheckContext context{link, nullptr, history};
    EXPECT_TRUE(make_check("device_returns")->run(context).passed);
    EXPECT_TRUE(context.device_answered);
}

TEST(DeviceReturns, FailsWhenNothingAnswers) {
    FakeLink link;
    link.answers = false;
    History history;
    const auto result = run_one("device_returns", link, history);
    EXPECT_FALSE(result.passed);
    EXPECT_NE(result.reason.find("no answer"), std::string::npos) << result.reason;
}

TEST(DeviceReturns, TrustsTheEnginesConnect) {
    FakeLink link;
    link.answers = false;
    History history;
    CheckContext context{link, nullptr, history, true};
    EXPECT_TRUE(make_check("device_returns")->run(context).passed);
    EXPECT_EQ(link.count("connect"), 0);
}

TEST(DeviceReturns, AKeyThatAnswersAfterAReplugFailsButIsJudgedFurther) {
    FakeLink link;
    link.answers = false;
    History history;
    CheckContext context{link, nullptr, history};
    int cycles = 0;
    context.replug = [&] {
        link.answers = ++cycles == 2;
        return link.answers;
    };
    const auto result = make_check("device_returns")->run(context);
    EXPECT_FALSE(result.passed);
    EXPECT_NE(result.reason.find("answered after 2 more power cycles"), std::string::npos)
        << result.reason;
    EXPECT_TRUE(context.device_answered);
    EXPECT_EQ(cycles, 2);
    // The other checks run against the key as it answers now.
    const auto all = run_checks({"device_returns", "attestation_present"}, context);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_NE(all[1].result.reason, "device did not return");
}

TEST(DeviceReturns, AKeyThatNeverAnswersIsDeadAndSaysWhyOnTheSimulator) {
    FakeLink link;
    link.answers = false;
    FakeSim sim;
    sim.boot().halted = true;
    sim.boot().detail = "firmware panic: journal replay";
    History history;
    CheckContext context{link, &sim, history};
    int cycles = 0;
    context.replug = [&] {
        ++cycles;
        return false;
    };
    const auto result = make_check("device_returns")->run(context);
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(cycles, 3);
    EXPECT_EQ(result.reason.rfind("the key is dead: ", 0), 0u) << result.reason;
    EXPECT_NE(result.reason.find("nor after 3 more power cycles"), std::string::npos);
    EXPECT_NE(result.reason.find("the firmware halted: firmware panic: journal replay"),
              std::string::npos)
        << result.reason;
    EXPECT_FALSE(context.device_answered);
}

}  // namespace
}  // namespace nk3::checks::testing
