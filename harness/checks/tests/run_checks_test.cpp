// run_checks(): fixed order, device_returns first, "device did not return", the verdict line.

#include "harness/checks/run_checks.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks::testing {
namespace {

std::vector<std::string> all_names() {
    std::vector<std::string> out;
    for (auto n : check_names())
        out.emplace_back(n);
    return out;
}

struct RunChecks : ::testing::Test {
    FakeLink link;
    FakeSim sim;
    History history;
    void SetUp() override {
        link.pin = "123456";
        history.pin.pin = "123456";
        history.pin.retries_before = 8;
        history.identity.aaguid = link.aaguid;
        history.identity.attestation_x5c = true;
        history.identity.attestation_certificate = link.certificate;
        history.credentials.push_back(acknowledged("ssh", link.add("ssh:", false, 1)));
        history.credentials.push_back(acknowledged("web", link.add("example.org", true, 2)));
        history.max_counter_seen = link.counter;
    }
};

TEST_F(RunChecks, EveryCheckPassesOnAnUntouchedKey) {
    CheckContext context{link, &sim, history};
    const auto outcomes = run_checks(all_names(), context);
    ASSERT_EQ(outcomes.size(), check_names().size());
    for (std::size_t i = 0; i < outcomes.size(); ++i)
        EXPECT_EQ(outcomes[i].name, check_names()[i]);
    EXPECT_TRUE(all_passed(outcomes)) << verdict_line(outcomes);
    EXPECT_EQ(verdict_line(outcomes), "pass");
    // Reads first, the PIN after the retries were read, the throwaway credential last.
    const auto first = [&](const std::string& call) {
        return std::find(link.calls.begin(), link.calls.end(), call) - link.calls.begin();
    };
    const auto first_pin = std::min(first("pin_token"), first("resident_credentials"));
    EXPECT_LT(first_pin, static_cast<std::ptrdiff_t>(link.calls.size()));  // a PIN was tried
    EXPECT_LT(first("pin_retries"), first_pin);
    EXPECT_EQ(link.calls.back(), "make_credential");
    EXPECT_EQ(link.count("connect"), 1);
    EXPECT_EQ(link.count("get_assertion"), 2);  // shared by four checks
}

TEST_F(RunChecks, OrderDoesNotFollowTheScenariosList) {
    CheckContext context{link, &sim, history};
    const auto outcomes =
        run_checks({"attestation_present", "pin_retries_consumed", "device_returns"}, context);
    ASSERT_EQ(outcomes.size(), 3u);
    EXPECT_EQ(outcomes[0].name, "device_returns");
    EXPECT_EQ(outcomes[1].name, "pin_retries_consumed");
    EXPECT_EQ(outcomes[2].name, "attestation_present");
}

TEST_F(RunChecks, DeviceThatDoesNotReturnFailsEverythingWithoutAsking) {
    link.answers = false;
    CheckContext context{link, &sim, history};
    const auto outcomes = run_checks({"credentials_survive", "pin_still_set"}, context);
    ASSERT_EQ(outcomes.size(), 2u);  // device_returns ran but was not asked for
    for (const auto& o : outcomes) {
        EXPECT_FALSE(o.result.passed);
        EXPECT_EQ(o.result.reason, "device did not return");
    }
    EXPECT_EQ(link.calls, std::vector<std::string>{"connect"});
}

TEST_F(RunChecks, TheIncidentFailsTheRightChecks) {
    // The key formatted itself: new device secret, no PIN, no resident credentials, counter 0.
    link.credentials.clear();
    link.pin.reset();
    link.counter = 0;
    CheckContext context{link, &sim, history};
    const auto outcomes = run_checks(all_names(), context);
    EXPECT_FALSE(all_passed(outcomes));
    EXPECT_EQ(verdict_line(outcomes),
              "pin_retries_consumed: count forgotten: the key says no PIN is set; "
              "pin_still_set: PIN lost: the key says no PIN is set; "
              "credentials_survive: lost: ssh, web; "
              "no_self_reset: device secret changed: no non-resident credential unwraps (ssh)");
}

TEST_F(RunChecks, UnknownNameThrows) {
    CheckContext context{link, &sim, history};
    EXPECT_THROW(run_checks({"no_such_check"}, context), std::invalid_argument);
}

TEST(CheckRegistry, EveryNameMakesItsCheck) {
    for (auto n : check_names()) {
        auto check = make_check(n);
        ASSERT_NE(check, nullptr) << n;
        EXPECT_EQ(check->name(), n);
    }
    EXPECT_EQ(make_check("nope"), nullptr);
}

}  // namespace
}  // namespace nk3::checks::testing
