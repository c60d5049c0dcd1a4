// Each kind of bad scenario gives an InputError at the right line, column and field.

#include <gtest/gtest.h>

#include "harness/scenario/tests/scenario_test_util.hpp"

namespace nk3::scenario::testing {
namespace {

const std::string kSetup = "  - set_pin: \"123456\"\n";   // line 5
const std::string kOp = "  - pin_attempt: \"000000\"\n";  // the line after operation:

TEST(ScenarioErrors, AMinimalScenarioParses) {
    EXPECT_FALSE(error_of(scenario_with(kSetup, kOp)).has_value());
}

TEST(ScenarioErrors, UnknownTopLevelField) {
    EXPECT_INPUT_ERROR("name: t\nabout: a\ntarget: sim:nk3am-1.3.1\nbogus: 1\n", 4, 1, "bogus",
                       "unknown field; expected one of name, about, target");
}

TEST(ScenarioErrors, MissingOperation) {
    EXPECT_INPUT_ERROR("name: t\nabout: a\ntarget: sim:nk3am-1.3.1\n", 1, 1, "operation",
                       "required field is missing");
}

TEST(ScenarioErrors, EmptyOperation) {
    EXPECT_INPUT_ERROR(scenario_with(kSetup, "  []\n"), 7, 3, "operation",
                       "expected a list of at least one item");
}

TEST(ScenarioErrors, BadNameAndAbout) {
    EXPECT_INPUT_ERROR("name: Seed_Incident\n", 1, 7, "name", "a-z, 0-9 and '-'");
    EXPECT_INPUT_ERROR("name: t\nabout: [a, b]\n", 2, 8, "about", "expected a value, got a list");
}

TEST(ScenarioErrors, BadTarget) {
    EXPECT_INPUT_ERROR("name: t\nabout: a\ntarget: usb:1\n", 3, 9, "target",
                       "expected sim:PROFILE, sim:FILE.yaml or bench:FILE.yaml");
    EXPECT_INPUT_ERROR("name: t\nabout: a\ntarget: sim:nk3am-9\n", 3, 9, "target",
                       "unknown profile \"nk3am-9\"; shipped: model-nk3am-pin-after-compare");
}

TEST(ScenarioErrors, UnknownStepBare) {
    EXPECT_INPUT_ERROR(scenario_with("  - frobnicate\n", kOp), 5, 5, "setup[0]",
                       "unknown step \"frobnicate\"; expected one of reset, set_pin");
}

TEST(ScenarioErrors, UnknownStepWithArguments) {
    EXPECT_INPUT_ERROR(scenario_with(kSetup + "  - frob: {a: 1}\n", kOp), 6, 5, "setup[1]",
                       "unknown step \"frob\"");
}

TEST(ScenarioErrors, StepNeedsArguments) {
    EXPECT_INPUT_ERROR(scenario_with("  - set_pin\n", kOp), 5, 5, "setup[0]",
                       "set_pin needs arguments: set_pin: PIN");
}

TEST(ScenarioErrors, TwoStepsInOneItem) {
    EXPECT_INPUT_ERROR(scenario_with("  - set_pin: \"123456\"\n    reset:\n", kOp), 6, 5,
                       "setup[0].reset", "a list item holds one step");
}

TEST(ScenarioErrors, UnknownFieldOfAStep) {
    EXPECT_INPUT_ERROR(
        scenario_with(kSetup + "  - make_credential: {as: a, rp: x.org, colour: red}\n", kOp), 6,
        41, "setup[1].make_credential.colour",
        "unknown field; expected one of as, rp, user, alg, resident, cred_protect");
}

TEST(ScenarioErrors, BadEnumAndWrongTypes) {
    EXPECT_INPUT_ERROR(scenario_with("  - make_credential: {as: a, rp: x.org, alg: rsa}\n", kOp), 5,
                       46, "setup[0].make_credential.alg",
                       "expected one of es256, eddsa, got \"rsa\"");
    EXPECT_INPUT_ERROR(
        scenario_with("  - make_credential: {as: a, rp: x.org, resident: yes}\n", kOp), 5, 51,
        "setup[0].make_credential.resident", "expected true or false, got \"yes\"");
    EXPECT_INPUT_ERROR(
        scenario_with("  - make_credential: {as: a, rp: x.org, resident: \"true\"}\n", kOp), 5, 51,
        "setup[0].make_credential.resident", "expected true or false");
    EXPECT_INPUT_ERROR(
        scenario_with("  - make_credential: {as: a, rp: x.org, cred_protect: 4}\n", kOp), 5, 55,
        "setup[0].make_credential.cred_protect", "out of range: 4 is not in 1..3");
    EXPECT_INPUT_ERROR(scenario_with("  - make_credential: [a, b]\n", kOp), 5, 22,
                       "setup[0].make_credential", "expected a mapping, got a list");
}

TEST(ScenarioErrors, MissingFieldOfAStep) {
    EXPECT_INPUT_ERROR(scenario_with("  - make_credential: {as: a}\n", kOp), 5, 22,
                       "setup[0].make_credential.rp", "required field is missing");
}

TEST(ScenarioErrors, AssertionOfACredentialNobodyMade) {
    EXPECT_INPUT_ERROR(scenario_with(kSetup, "  - get_assertion: {credential: nope}\n"), 7, 33,
                       "operation[0].get_assertion.credential",
                       "no earlier step makes a credential named \"nope\"");
}

TEST(ScenarioErrors, AssertionOfADeletedCredential) {
    const std::string setup = kSetup +
                              "  - make_credential: {as: w, rp: x.org, resident: true}\n"
                              "  - delete_credential: {credential: w}\n";
    EXPECT_INPUT_ERROR(scenario_with(setup, "  - get_assertion: {credential: w}\n"), 9, 33,
                       "operation[0].get_assertion.credential",
                       "credential \"w\" was deleted at line 7");
}

TEST(ScenarioErrors, AssertionAfterAReset) {
    const std::string setup = "  - make_credential: {as: w, rp: x.org}\n  - reset\n";
    EXPECT_INPUT_ERROR(scenario_with(setup, "  - get_assertion: {credential: w}\n"), 8, 33,
                       "operation[0].get_assertion.credential", "removed by the reset at line 6");
}

TEST(ScenarioErrors, DiscoverableAssertionWithoutAResidentCredential) {
    const std::string setup = "  - make_credential: {as: w, rp: x.org}\n";
    EXPECT_INPUT_ERROR(scenario_with(setup, "  - get_assertion: {rp: x.org}\n"), 7, 25,
                       "operation[0].get_assertion.rp",
                       "no earlier step makes a resident credential for rp \"x.org\"");
}

TEST(ScenarioErrors, AssertionByNameAndRp) {
    const std::string setup = "  - make_credential: {as: w, rp: x.org}\n";
    EXPECT_INPUT_ERROR(scenario_with(setup, "  - get_assertion: {credential: w, rp: x.org}\n"), 7,
                       40, "operation[0].get_assertion.rp", "not both");
}

TEST(ScenarioErrors, DeletingANonResidentCredential) {
    const std::string setup = "  - make_credential: {as: w, rp: x.org}\n";
    EXPECT_INPUT_ERROR(scenario_with(setup, "  - delete_credential: {credential: w}\n"), 7, 37,
                       "operation[0].delete_credential.credential", "is not resident");
}

TEST(ScenarioErrors, DuplicateCredentialName) {
    const std::string setup =
        "  - make_credential: {as: w, rp: x.org}\n  - make_credential: {as: w, rp: y.org}\n";
    EXPECT_INPUT_ERROR(scenario_with(setup, "  - wait: {ms: 1}\n"), 6, 27,
                       "setup[1].make_credential.as",
                       "credential \"w\" is made already at line 5; names must be unique");
}

TEST(ScenarioErrors, CreationInsideARepeatNamesTheIteration) {
    const std::string op = "  - repeat: 3\n    do:\n      - make_credential: {as: w, rp: x.org}\n";
    EXPECT_INPUT_ERROR(scenario_with(kSetup, op), 9, 31, "operation[0].do[0].make_credential.as",
                       "made already at line 9; names must be unique (write repeated creations "
                       "out by name) (in repeat iteration 2 of 3)");
}

TEST(ScenarioErrors, PinRules) {
    EXPECT_INPUT_ERROR(scenario_with(kSetup + "  - set_pin: \"654321\"\n", kOp), 6, 14,
                       "setup[1].set_pin", "a PIN is set already (line 5); use change_pin");
    EXPECT_INPUT_ERROR(scenario_with("", "  - change_pin: \"654321\"\n"), 6, 17,
                       "operation[0].change_pin", "no PIN is set by an earlier step");
    EXPECT_INPUT_ERROR(scenario_with("", "  - pin_attempt: \"654321\"\n"), 6, 18,
                       "operation[0].pin_attempt", "no PIN is set by an earlier step");
    const auto e = error_of(scenario_with("  - set_pin: \"12\"\n", kOp));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->field(), "setup[0].set_pin");
    EXPECT_EQ(e->message(), "a PIN has 4 to 63 bytes, got 2");  // never the PIN itself
}

TEST(ScenarioErrors, RepeatCountOutOfRange) {
    const std::string body = "    do:\n      - pin_attempt: \"000000\"\n";
    EXPECT_INPUT_ERROR(scenario_with(kSetup, "  - repeat: 0\n" + body), 7, 13,
                       "operation[0].repeat", "out of range: 0 is not in 1..10000");
    EXPECT_INPUT_ERROR(scenario_with(kSetup, "  - repeat: 10001\n" + body), 7, 13,
                       "operation[0].repeat", "out of range: 10001 is not in 1..10000");
    EXPECT_INPUT_ERROR(scenario_with(kSetup, "  - repeat: many\n" + body), 7, 13,
                       "operation[0].repeat", "expected an integer in 1..10000");
}

TEST(ScenarioErrors, RepeatWithoutDo) {
    EXPECT_INPUT_ERROR(scenario_with(kSetup, "  - repeat: 2\n"), 7, 5, "operation[0].do",
                       "required field is missing");
    EXPECT_INPUT_ERROR(scenario_with(kSetup, "  - repeat: 2\n    do: []\n"), 8, 9,
                       "operation[0].do", "expected a list of at least one item");
}

TEST(ScenarioErrors, RepeatThatUnrollsTooFar) {
    const std::string op =
        "  - repeat: 10000\n    do:\n      - repeat: 10000\n        do:\n          - wait: {ms: "
        "0}\n";
    EXPECT_INPUT_ERROR(scenario_with(kSetup, op), 11, 13, "operation[0].do[0].do[0]",
                       "unrolls to more than 100000 steps");
}

TEST(ScenarioErrors, FaultPlanMissingItsFields) {
    EXPECT_INPUT_ERROR(scenario_with(kSetup, kOp, "fault: {plan: flash-sweep, modes: [torn]}\n"), 8,
                       8, "fault.power_off_ms", "required field is missing");
    EXPECT_INPUT_ERROR(scenario_with(kSetup, kOp,
                                     "fault: {plan: nested, modes: [torn], "
                                     "power_off_ms: 5}\n"),
                       8, 8, "fault.bound", "required field is missing");
    EXPECT_INPUT_ERROR(scenario_with(kSetup, kOp, "fault: {power_off_ms: 5}\n"), 8, 8, "fault.plan",
                       "required field is missing");
}

TEST(ScenarioErrors, FaultPlanBadValues) {
    EXPECT_INPUT_ERROR(scenario_with(kSetup, kOp, "fault: {plan: sweep}\n"), 8, 15, "fault.plan",
                       "expected one of flash-sweep, nested, time-sweep, random");
    EXPECT_INPUT_ERROR(
        scenario_with(kSetup, kOp,
                      "fault: {plan: flash-sweep, modes: [torn, torn], power_off_ms: 5}\n"),
        8, 42, "fault.modes[1]", "cut mode torn is listed twice");
    EXPECT_INPUT_ERROR(
        scenario_with(kSetup, kOp,
                      "fault: {plan: flash-sweep, modes: [sideways], power_off_ms: 5}\n"),
        8, 36, "fault.modes[0]", "expected one of before, torn, after");
    EXPECT_INPUT_ERROR(
        scenario_with(kSetup, kOp,
                      "fault: {plan: flash-sweep, modes: [torn], power_off_ms: 5, bound: 3}\n"),
        8, 60, "fault.bound", "unknown field; expected one of plan, modes, power_off_ms");
    EXPECT_INPUT_ERROR(scenario_with(kSetup, kOp,
                                     "fault: {plan: time-sweep, anchor: request-sent, from_us: "
                                     "500, to_us: 100, step_us: 10, power_off_ms: 5}\n"),
                       8, 70, "fault.to_us", "to_us (100) is before from_us (500)");
    EXPECT_INPUT_ERROR(scenario_with(kSetup, kOp,
                                     "fault: {plan: time-sweep, anchor: probe-edge, from_us: 0, "
                                     "to_us: 100, step_us: 10, power_off_ms: 5}\n"),
                       8, 35, "fault.anchor", "expected one of request-sent, first-keepalive");
}

TEST(ScenarioErrors, Checks) {
    EXPECT_INPUT_ERROR(scenario_with(kSetup, kOp,
                                     "fault: {plan: flash-sweep, modes: [torn], "
                                     "power_off_ms: 5}\n",
                                     "checks: [device_returns, lost_nothing]\n"),
                       9, 26, "checks[1]", "unknown check \"lost_nothing\"; expected one of");
    EXPECT_INPUT_ERROR(scenario_with(kSetup, kOp,
                                     "fault: {plan: flash-sweep, modes: [torn], "
                                     "power_off_ms: 5}\n",
                                     "checks: [fs_intact, fs_intact]\n"),
                       9, 21, "checks[1]", "check fs_intact is listed twice");
    EXPECT_INPUT_ERROR(scenario_with(kSetup, kOp,
                                     "fault: {plan: flash-sweep, modes: [torn], "
                                     "power_off_ms: 5}\n",
                                     "checks: []\n"),
                       9, 9, "checks", "expected a list of at least one item");
}

TEST(ScenarioErrors, PinCheckWithoutAPin) {
    EXPECT_INPUT_ERROR(scenario_with("  - reset\n", "  - wait: {ms: 1}\n",
                                     "fault: {plan: flash-sweep, modes: [torn], power_off_ms: 5}\n",
                                     "checks: [pin_still_set]\n"),
                       9, 9, "checks", "pin_still_set needs a PIN");
}

TEST(ScenarioErrors, YamlItself) {
    EXPECT_INPUT_ERROR("name: t\nabout: [unclosed\n", 3, 1, "", "YAML syntax error");
    EXPECT_INPUT_ERROR("", 1, 1, "", "the file is empty");
    EXPECT_INPUT_ERROR("name: t\n---\nname: u\n", 3, 1, "", "one YAML document expected");
    EXPECT_INPUT_ERROR("- a\n- b\n", 1, 1, "", "expected a mapping, got a list");
}

TEST(ScenarioErrors, ErrorTextNamesFileLineColumnField) {
    const auto e = error_of(scenario_with(kSetup, "  - get_assertion: {credential: nope}\n"));
    ASSERT_TRUE(e);
    EXPECT_EQ(std::string(e->what()),
              "t.yaml:7:33: operation[0].get_assertion.credential: no earlier step makes a "
              "credential named \"nope\"");
}

}  // namespace
}  // namespace nk3::scenario::testing
