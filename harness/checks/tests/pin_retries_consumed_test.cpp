// pin_retries_consumed: R0 - W - F - U <= R <= R0 - W (docs/checks.md).

#include <gtest/gtest.h>

#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks::testing {
namespace {

struct PinRetriesConsumed : ::testing::Test {
    FakeLink link;
    History history;
    void SetUp() override {
        link.pin = "123456";
        history.pin.pin = "123456";
        history.pin.retries_before = 8;
    }
    CheckResult run() { return run_one("pin_retries_consumed", link, history); }
};

TEST_F(PinRetriesConsumed, AnsweredWrongAttemptsAreCounted) {
    history.pin.wrong_attempts_acknowledged = 2;
    link.retries = 6;
    EXPECT_TRUE(run().passed);
    EXPECT_EQ(link.count("pin_token"), 0);  // reads only: trying a PIN would reset the count
}

TEST_F(PinRetriesConsumed, FreeWrongAttemptFails) {
    history.pin.wrong_attempts_acknowledged = 2;
    link.retries = 7;  // the second PIN_INVALID was answered, its decrement lost
    const auto result = run();
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.reason.rfind("free wrong attempt: 7 retries left, at most 6 expected", 0), 0u)
        << result.reason;
}

TEST_F(PinRetriesConsumed, InFlightAttemptMayGoEitherWay) {
    history.pin.wrong_attempts_acknowledged = 1;
    history.pin.wrong_attempt_in_flight = true;
    link.retries = 7;
    EXPECT_TRUE(run().passed);
    link.retries = 6;
    EXPECT_TRUE(run().passed);
    link.retries = 8;
    EXPECT_FALSE(run().passed);
}

// fido-authenticator 0.1.1 pays the attempt that reaches the per-power-up limit and answers
// PIN_AUTH_BLOCKED without comparing: such an answer may have cost one retry, never more.
TEST_F(PinRetriesConsumed, BlockedAttemptsMayHaveCostOneRetryEach) {
    history.pin.wrong_attempts_acknowledged = 2;
    history.pin.blocked_attempts_acknowledged = 2;  // the third paid, the fourth free
    link.retries = 5;
    EXPECT_TRUE(run().passed);
    link.retries = 6;
    EXPECT_TRUE(run().passed);
    link.retries = 4;
    EXPECT_TRUE(run().passed);
    link.retries = 3;
    EXPECT_FALSE(run().passed);  // more gone than attempts made
    link.retries = 7;
    EXPECT_FALSE(run().passed);  // an answered PIN_INVALID went uncounted
}

TEST_F(PinRetriesConsumed, RetriesLostFails) {
    history.pin.wrong_attempts_acknowledged = 1;
    link.retries = 0;  // a torn counter write
    const auto result = run();
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.reason.rfind("retries lost: 0 retries left, at least 7 expected", 0), 0u)
        << result.reason;
}

TEST_F(PinRetriesConsumed, RightPinUseInFlightMayCostOneOrRestoreAll) {
    history.pin.pin_use_in_flight = true;
    link.retries = 7;
    EXPECT_TRUE(run().passed);
    link.retries = 8;
    EXPECT_TRUE(run().passed);
    link.retries = 6;
    EXPECT_FALSE(run().passed);
}

TEST_F(PinRetriesConsumed, ForgottenPinFails) {
    link.pin.reset();
    const auto result = run();
    EXPECT_FALSE(result.passed);
    EXPECT_NE(result.reason.find("count forgotten"), std::string::npos);
}

TEST_F(PinRetriesConsumed, SkippedWithoutABaseline) {
    history.pin.retries_before = -1;
    const auto result = run();
    EXPECT_TRUE(result.passed);
    EXPECT_TRUE(result.skipped);
}

TEST_F(PinRetriesConsumed, AnAcknowledgedResetIsTheEnginesToRebase) {
    history.reset = Fate::acknowledged;  // the setup's reset
    history.pin.wrong_attempts_acknowledged = 1;
    link.retries = 8;
    EXPECT_FALSE(run().passed);
    history.reset = Fate::in_flight;  // may have restored the count
    EXPECT_TRUE(run().skipped);
}

TEST_F(PinRetriesConsumed, ReasonsNeverContainThePin) {
    history.pin.wrong_attempts_acknowledged = 2;
    link.retries = 8;
    const auto result = run();
    EXPECT_EQ(result.reason.find("123456"), std::string::npos);
}

}  // namespace
}  // namespace nk3::checks::testing
