// pin_still_set: the acknowledged PIN is set and gives a token; a change in flight leaves the
// old PIN or the new one.

#include <gtest/gtest.h>

#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks::testing {
namespace {

struct PinStillSet : ::testing::Test {
    FakeLink link;
    History history;
    void SetUp() override {
        link.pin = "123456";
        history.pin.pin = "123456";
        history.pin.retries_before = 8;
    }
    CheckResult run() { return run_one("pin_still_set", link, history); }
};

TEST_F(PinStillSet, AcknowledgedPinWorks) {
    link.retries = 6;
    EXPECT_TRUE(run().passed);
    EXPECT_EQ(link.retries, 8);  // a right PIN costs nothing
}

TEST_F(PinStillSet, PinLostFails) {
    link.pin.reset();
    const auto result = run();
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.reason, "PIN lost: the key says no PIN is set");
}

TEST_F(PinStillSet, PinChangedFails) {
    link.pin = "999999";
    const auto result = run();
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.reason, "PIN changed: the acknowledged PIN gives no token");
    EXPECT_EQ(result.reason.find("123456"), std::string::npos);
}

TEST_F(PinStillSet, ChangeInFlightMayLeaveEitherPin) {
    history.pin.pin_in_flight = "654321";
    EXPECT_TRUE(run().passed);
    link.pin = "654321";
    EXPECT_TRUE(run().passed);
    link.pin = "000000";
    EXPECT_FALSE(run().passed);
}

TEST_F(PinStillSet, SetInFlightMayLeaveNoPin) {
    history.pin.pin.reset();
    history.pin.pin_in_flight = "123456";
    link.pin.reset();
    EXPECT_TRUE(run().passed);
    link.pin = "123456";
    EXPECT_TRUE(run().passed);
    link.pin = "000000";
    const auto result = run();
    EXPECT_FALSE(result.passed);
    EXPECT_NE(result.reason.find("half"), std::string::npos);
}

TEST_F(PinStillSet, BlockedByTheScenarioIsSkipped) {
    history.pin.wrong_attempts_acknowledged = 8;
    link.retries = 0;
    const auto result = run();
    EXPECT_TRUE(result.passed);
    EXPECT_TRUE(result.skipped);
}

TEST_F(PinStillSet, SkippedWithoutAPin) {
    history.pin.pin.reset();
    const auto result = run();
    EXPECT_TRUE(result.skipped);
}

}  // namespace
}  // namespace nk3::checks::testing
