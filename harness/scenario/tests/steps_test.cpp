// Steps: every kind parsed with its defaults, repeats unrolled with their source lines, the
// parser's view of credentials and PIN.

#include <gtest/gtest.h>

#include "harness/scenario/tests/scenario_test_util.hpp"

namespace nk3::scenario::testing {
namespace {

Scenario parse(const std::string& setup, const std::string& operation) {
    return parse_scenario(scenario_with(setup, operation), "t.yaml");
}

TEST(Steps, EveryKind) {
    const Scenario s = parse(
        "  - reset\n"                                                 // 5
        "  - set_pin: \"123456\"\n"                                   // 6
        "  - make_credential: {as: ssh, rp: \"ssh:\", alg: eddsa}\n"  // 7
        "  - make_credential: {as: web, rp: x.org, user: bob, resident: true, "
        "cred_protect: 2}\n",                          // 8
        "  - get_assertion: {credential: ssh}\n"       // 10
        "  - get_assertion: {rp: x.org, up: false}\n"  // 11
        "  - pin_attempt: \"000000\"\n"                // 12
        "  - pin_attempt: \"123456\"\n"                // 13
        "  - change_pin: \"654321\"\n"                 // 14
        "  - delete_credential: {credential: web}\n"   // 15
        "  - power_cycle\n"                            // 16
        "  - power_cycle: {off_ms: 2000}\n"            // 17
        "  - wait: {ms: 2500}\n"                       // 18
        "  - reset:\n"                                 // 19
        "  - plug_in\n"                                // 20
        "  - plug_in: {off_ms: 2000}\n");              // 21
    ASSERT_EQ(s.setup.size(), 4u);
    EXPECT_TRUE(std::holds_alternative<Reset>(s.setup[0].step));
    EXPECT_EQ(std::get<SetPin>(s.setup[1].step).pin, "123456");
    const auto& ssh = std::get<MakeCredential>(s.setup[2].step);
    EXPECT_EQ(ssh.as, "ssh");
    EXPECT_EQ(ssh.rp, "ssh:");
    EXPECT_EQ(ssh.user, "user");
    EXPECT_EQ(ssh.alg, Alg::eddsa);
    EXPECT_FALSE(ssh.resident);
    EXPECT_EQ(ssh.cred_protect, 0);
    const auto& web = std::get<MakeCredential>(s.setup[3].step);
    EXPECT_EQ(web.user, "bob");
    EXPECT_EQ(web.alg, Alg::es256);
    EXPECT_TRUE(web.resident);
    EXPECT_EQ(web.cred_protect, 2);

    ASSERT_EQ(s.operation.size(), 12u);
    const auto& by_name = std::get<GetAssertion>(s.operation[0].step);
    EXPECT_EQ(by_name.credential, "ssh");
    EXPECT_EQ(by_name.rp, "ssh:");
    EXPECT_TRUE(by_name.up);
    const auto& discoverable = std::get<GetAssertion>(s.operation[1].step);
    EXPECT_FALSE(discoverable.credential.has_value());
    EXPECT_EQ(discoverable.rp, "x.org");
    EXPECT_FALSE(discoverable.up);
    EXPECT_TRUE(std::get<PinAttempt>(s.operation[2].step).wrong);
    EXPECT_FALSE(std::get<PinAttempt>(s.operation[3].step).wrong);
    EXPECT_EQ(std::get<ChangePin>(s.operation[4].step).new_pin, "654321");
    EXPECT_EQ(std::get<DeleteCredential>(s.operation[5].step).credential, "web");
    EXPECT_EQ(std::get<PowerCycle>(s.operation[6].step).off_time, std::chrono::milliseconds(50));
    EXPECT_EQ(std::get<PowerCycle>(s.operation[7].step).off_time, std::chrono::milliseconds(2000));
    EXPECT_EQ(std::get<Wait>(s.operation[8].step).time, std::chrono::milliseconds(2500));
    EXPECT_TRUE(std::holds_alternative<Reset>(s.operation[9].step));
    EXPECT_FALSE(std::get<PowerCycle>(s.operation[7].step).plug_in);
    EXPECT_TRUE(std::get<PowerCycle>(s.operation[10].step).plug_in);
    EXPECT_EQ(std::get<PowerCycle>(s.operation[10].step).off_time, std::chrono::milliseconds(50));
    EXPECT_EQ(std::get<PowerCycle>(s.operation[11].step).off_time, std::chrono::milliseconds(2000));
    EXPECT_EQ(s.operation[11].source.what, "plug_in");

    EXPECT_EQ(s.setup[0].source.line, 5);
    EXPECT_EQ(s.operation[0].source.line, 10);
    EXPECT_EQ(s.operation[9].source.line, 19);
    EXPECT_EQ(s.operation[5].source.what, "delete_credential");
}

TEST(Steps, RepeatsUnrollWithTheirSourceLines) {
    const Scenario s = parse("  - set_pin: \"123456\"\n",
                             "  - repeat: 2\n"                                  // 7
                             "    do:\n"                                        // 8
                             "      - pin_attempt: \"000000\"\n"                // 9
                             "      - repeat: {count: 3, do: [power_cycle]}\n"  // 10
                             "  - wait: {ms: 1}\n");                            // 11
    ASSERT_EQ(s.operation.size(), 2u * (1 + 3) + 1);
    std::vector<int> lines;
    for (const auto& f : s.operation)
        lines.push_back(f.source.line);
    EXPECT_EQ(lines, (std::vector<int>{9, 10, 10, 10, 9, 10, 10, 10, 11}));
    EXPECT_EQ(s.operation[0].source.what, "pin_attempt (repeat 1/2)");
    EXPECT_EQ(s.operation[6].source.what, "power_cycle (repeat 2/2, repeat 2/3)");
    EXPECT_EQ(s.operation[8].source.what, "wait");
    for (const auto& f : s.operation)
        EXPECT_FALSE(std::holds_alternative<Repeat>(f.step));
}

TEST(Steps, DoUnderAndBesideRepeatAreTheSame) {
    const Scenario a = parse("", "  - repeat: 2\n    do: [power_cycle]\n");
    const Scenario b = parse("", "  - repeat: {count: 2, do: [power_cycle]}\n");
    EXPECT_EQ(a.operation.size(), 2u);
    EXPECT_EQ(b.operation.size(), 2u);
    EXPECT_INPUT_ERROR(
        scenario_with("", "  - repeat: {count: 2, do: [power_cycle]}\n    do: [power_cycle]\n"), 7,
        9, "operation[0].do", "not both");
}

TEST(Steps, AResidentCredentialForTheSameRpAndUserReplacesTheOldOne) {
    const Scenario s = parse(
        "  - make_credential: {as: a, rp: x.org, user: u, resident: true}\n"
        "  - make_credential: {as: other, rp: x.org, user: v, resident: true}\n",
        "  - make_credential: {as: b, rp: x.org, user: u, resident: true}\n");
    EXPECT_EQ(std::get<MakeCredential>(s.operation[0].step).replaces, "a");
    EXPECT_FALSE(std::get<MakeCredential>(s.setup[1].step).replaces.has_value());
    EXPECT_INPUT_ERROR(
        scenario_with("  - make_credential: {as: a, rp: x.org, user: u, resident: true}\n"
                      "  - make_credential: {as: b, rp: x.org, user: u, resident: true}\n",
                      "  - get_assertion: {credential: a}\n"),
        8, 33, "operation[0].get_assertion.credential", "was replaced at line 6");
}

TEST(Steps, ResetForgetsThePin) {
    const Scenario s = parse("  - set_pin: \"123456\"\n  - reset\n  - set_pin: \"654321\"\n",
                             "  - pin_attempt: \"123456\"\n");
    EXPECT_TRUE(std::get<PinAttempt>(s.operation[0].step).wrong);
}

TEST(Steps, SetupMayBeLeftOut) {
    const Scenario s = parse_scenario(
        "name: t\nabout: a\ntarget: bench:lab.yaml\noperation: [power_cycle]\n"
        "fault: {plan: random, count: 10, from_us: 0, to_us: 1000, seed: 7, power_off_ms: 50}\n"
        "checks: [device_returns]\n",
        "t.yaml");
    EXPECT_TRUE(s.setup.empty());
    EXPECT_EQ(s.target, "bench:lab.yaml");
    EXPECT_EQ(s.source, "t.yaml");
}

TEST(Steps, StepNames) {
    EXPECT_EQ(step_name(Step{GetAssertion{}}), "get_assertion");
    EXPECT_EQ(step_name(Step{PowerCycle{}}), "power_cycle");
    EXPECT_EQ(step_name(Step{PowerCycle{.plug_in = true}}), "plug_in");
}

}  // namespace
}  // namespace nk3::scenario::testing
