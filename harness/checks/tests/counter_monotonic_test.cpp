// counter_monotonic: every check assertion's counter is above the highest the host had seen.

#include <gtest/gtest.h>

#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks::testing {
namespace {

TEST(CounterMonotonic, PassesWhenTheCounterGrew) {
    FakeLink link;
    History history;
    history.credentials.push_back(acknowledged("ssh", link.add("ssh:", false, 1)));
    history.max_counter_seen = 1000;
    link.counter = 1000;
    EXPECT_TRUE(run_one("counter_monotonic", link, history).passed);
}

TEST(CounterMonotonic, FailsWhenTheCounterWentBack) {
    FakeLink link;
    History history;
    history.credentials.push_back(acknowledged("ssh", link.add("ssh:", false, 1)));
    history.max_counter_seen = 5000;
    link.counter = 4000;  // the last counter write was lost
    const auto result = run_one("counter_monotonic", link, history);
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.reason, "counter went back: ssh answered 4001, the host had seen 5000");
}

TEST(CounterMonotonic, EqualIsNotGreater) {
    FakeLink link;
    History history;
    history.credentials.push_back(acknowledged("ssh", link.add("ssh:", false, 1)));
    history.max_counter_seen = 1001;
    link.counter = 1000;
    EXPECT_FALSE(run_one("counter_monotonic", link, history).passed);
}

// fido-authenticator 0.1.1's reset sets the counter to 0: with a reset in flight at the cut a
// counter below the one seen is no finding.
TEST(CounterMonotonic, SkippedWhenAResetWasInFlight) {
    FakeLink link;
    History history;
    history.credentials.push_back(acknowledged("ssh", link.add("ssh:", false, 1)));
    history.max_counter_seen = 5000;
    history.reset = Fate::in_flight;
    link.counter = 0;
    const auto result = run_one("counter_monotonic", link, history);
    EXPECT_TRUE(result.passed);
    EXPECT_TRUE(result.skipped);
}

TEST(CounterMonotonic, SkippedWithoutAnAssertion) {
    FakeLink link;
    History history;
    EXPECT_TRUE(run_one("counter_monotonic", link, history).skipped);
}

}  // namespace
}  // namespace nk3::checks::testing
