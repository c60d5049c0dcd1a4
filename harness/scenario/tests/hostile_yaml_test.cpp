// Scenarios built to exhaust the parser (issue 16): each is an InputError with file, line and
// column, in bounded time and memory (ctest's timeout fails a hang).

#include <gtest/gtest.h>

#include <string>

#include "harness/scenario/scenario_parser.hpp"
#include "harness/scenario/tests/scenario_test_util.hpp"

namespace nk3::scenario {
namespace {

using testing::error_of;

std::string chain(int n) {
    std::string text = "name: t\nabout: a\ntarget: sim:nk3am-1.3.1\nsetup: []\nchain:\n";
    text += "  - &a0 {reset: {}}\n";
    for (int i = 1; i < n; ++i)
        text +=
            "  - &a" + std::to_string(i) + " {repeat: 1, do: [*a" + std::to_string(i - 1) + "]}\n";
    return text + "operation: [*a" + std::to_string(n - 1) + "]\n";
}

TEST(HostileYaml, SelfReferentialOperationIsACycleNotAStackOverflow) {
    const auto e = error_of("name: t\noperation: &op [{repeat: 1, do: *op}]\n");
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->file(), "t.yaml");
    EXPECT_EQ(e->line(), 2);
    EXPECT_NE(e->message().find("cycle"), std::string::npos) << e->what();
}

TEST(HostileYaml, AliasChainsAreRefusedAtTheDepthLimit) {
    for (int n : {4000, 8000}) {
        const auto e = error_of(chain(n));
        ASSERT_TRUE(e.has_value());
        EXPECT_GT(e->line(), 6);
        EXPECT_NE(e->message().find("nested more than 64"), std::string::npos) << e->what();
    }
}

TEST(HostileYaml, ShortAliasChainsPassTheGuard) {
    // Ten levels of repeat through aliases are within the limits: the error is the schema's.
    std::string text = chain(10);
    text += "fault: {plan: flash-sweep, modes: [before], power_off_ms: 50}\n";
    text += "checks: [device_returns]\n";
    const auto e = error_of(text);
    ASSERT_TRUE(e.has_value());  // `chain:` is not a scenario field
    EXPECT_EQ(e->field(), "chain");
}

TEST(HostileYaml, LeadingCommaIsASyntaxError) {
    const auto e = error_of(",");
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->line(), 1);
    EXPECT_NE(e->message().find("unexpected \",\""), std::string::npos) << e->what();
}

TEST(HostileYaml, HundredThousandKeysWithADuplicate) {
    std::string text;
    for (int i = 0; i < 100000; ++i)
        text += "k" + std::to_string(i) + ": 1\n";
    text += "k5: 2\n";
    const auto e = error_of(text);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->line(), 100001);
    EXPECT_EQ(e->field(), "k5");
    EXPECT_NE(e->message().find("duplicate key (first given at line 6)"), std::string::npos)
        << e->what();
}

}  // namespace
}  // namespace nk3::scenario
