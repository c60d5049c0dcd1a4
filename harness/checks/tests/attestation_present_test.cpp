// attestation_present: a throwaway credential's attestation carries an x5c that verifies.

#include <gtest/gtest.h>

#include "harness/checks/key_survey.hpp"
#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks::testing {
namespace {

TEST(AttestationPresent, X5cPresent) {
    FakeLink link;
    link.pin = "123456";
    History history;
    history.pin.pin = "123456";
    EXPECT_TRUE(run_one("attestation_present", link, history).passed);
    EXPECT_EQ(link.calls.back(), "make_credential");
}

TEST(AttestationPresent, AsksWithoutThePinWhenTheKeyNeedsNone) {
    FakeLink link;
    link.pin = "123456";
    link.non_resident_without_pin = true;  // makeCredUvNotRqd, as the NK3
    History history;
    history.pin.pin = "123456";
    EXPECT_TRUE(run_one("attestation_present", link, history).passed);
    EXPECT_EQ(link.count("make_credential"), 1);
    EXPECT_EQ(link.count("pin_token"), 0);
    EXPECT_EQ(link.count("resident_credentials"), 0);
}

TEST(AttestationPresent, AsksAgainWithThePinWhenTheKeyWantsIt) {
    FakeLink link;
    link.pin = "123456";  // every makeCredential needs the PIN (CTAP 2.0)
    History history;
    history.pin.pin = "123456";
    EXPECT_TRUE(run_one("attestation_present", link, history).passed);
    EXPECT_EQ(link.count("make_credential"), 2);
    EXPECT_EQ(link.count("pin_token"), 1);
}

TEST(AttestationPresent, NoX5c) {
    FakeLink link;
    link.has_x5c = false;
    History history;
    history.identity.attestation_x5c = true;
    const auto result = run_one("attestation_present", link, history);
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.reason, "no x5c (self attestation); the key had one before the operation");
}

TEST(AttestationPresent, StatementDoesNotVerify) {
    FakeLink link;
    link.attestation_valid = false;
    History history;
    EXPECT_EQ(run_one("attestation_present", link, history).reason,
              "the attestation statement does not verify");
}

TEST(AttestationPresent, PinNeededButGone) {
    FakeLink link;
    link.pin = "999999";
    History history;
    history.pin.pin = "123456";
    const auto result = run_one("attestation_present", link, history);
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.reason.rfind("makeCredential: ", 0), 0u);
}

}  // namespace
}  // namespace nk3::checks::testing
