// device_returns: passes when the key answers getInfo after power came back.

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace nk3::checks::testing
