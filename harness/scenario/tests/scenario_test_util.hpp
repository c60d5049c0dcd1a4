#pragma once
// Helpers for the scenario parser's tests: a minimal valid scenario to vary, and the InputError
// a bad one gives.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "harness/scenario/scenario_parser.hpp"

namespace nk3::scenario::testing {

// Line numbers in the tests count from this text: line 1 is `name:`, line 4 `setup:`, the
// setup's steps from line 5 (an empty setup is `setup: []`), then `operation:`.
inline std::string scenario_with(const std::string& setup, const std::string& operation,
                                 const std::string& fault =
                                     "fault: {plan: flash-sweep, modes: "
                                     "[before], power_off_ms: 50}\n",
                                 const std::string& checks = "checks: [device_returns]\n") {
    return "name: t\n"
           "about: a test\n"
           "target: sim:nk3am-1.3.1\n" +
           (setup.empty() ? std::string("setup: []\n") : "setup:\n" + setup) + "operation:\n" +
           operation + fault + checks;
}

inline std::optional<yaml::InputError> error_of(const std::string& text) {
    try {
        parse_scenario(text, "t.yaml");
    } catch (const yaml::InputError& e) {
        return e;
    }
    return std::nullopt;
}

#define EXPECT_INPUT_ERROR(text, line_, column_, field_, message_part)              \
    do {                                                                            \
        const auto e = ::nk3::scenario::testing::error_of(text);                    \
        ASSERT_TRUE(e.has_value()) << "parsed:\n" << (text);                        \
        EXPECT_EQ(e->file(), "t.yaml");                                             \
        EXPECT_EQ(e->line(), line_) << e->what();                                   \
        EXPECT_EQ(e->column(), column_) << e->what();                               \
        EXPECT_EQ(e->field(), field_) << e->what();                                 \
        EXPECT_NE(e->message().find(message_part), std::string::npos) << e->what(); \
    } while (0)

}  // namespace nk3::scenario::testing
