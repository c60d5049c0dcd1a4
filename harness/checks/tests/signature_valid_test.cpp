// signature_valid: the checks' assertions verify against the host's public keys.

#include <gtest/gtest.h>

#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks::testing {
namespace {

TEST(SignatureValid, PassesWhenEveryAssertionVerifies) {
    FakeLink link;
    History history;
    history.credentials.push_back(acknowledged("ssh", link.add("ssh:", false, 1)));
    EXPECT_TRUE(run_one("signature_valid", link, history).passed);
}

TEST(SignatureValid, FailsNamingTheCredential) {
    FakeLink link;
    History history;
    history.credentials.push_back(acknowledged("ssh", link.add("ssh:", false, 1)));
    history.credentials.push_back(acknowledged("git", link.add("ssh:", false, 2)));
    link.credentials[1].signs_right = false;
    const auto result = run_one("signature_valid", link, history);
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.reason, "signature does not verify: git");
}

TEST(SignatureValid, SkippedWhenNothingAnswers) {
    FakeLink link;
    History history;
    history.credentials.push_back(acknowledged("ssh", link.add("ssh:", false, 1)));
    link.credentials[0].usable = false;
    const auto result = run_one("signature_valid", link, history);
    EXPECT_TRUE(result.skipped);
}

}  // namespace
}  // namespace nk3::checks::testing
