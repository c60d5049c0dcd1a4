// parse_strict_integer and add_integer_option: digits only, in range, nothing else.

#include "harness/cli/strict_integer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace nk3::cli {
namespace {

constexpr std::uint64_t kMax = UINT64_MAX;

TEST(StrictInteger, TakesPlainDigitsInRange) {
    EXPECT_EQ(parse_strict_integer("0", "--seed", 0, kMax), 0u);
    EXPECT_EQ(parse_strict_integer("007", "--seed", 0, kMax), 7u);
    EXPECT_EQ(parse_strict_integer("18446744073709551615", "--seed", 0, kMax), kMax);
}

TEST(StrictInteger, RefusesEverythingElse) {
    for (const std::string text : {"", "-1", "+5", " 5", "5 ", "0x10", "1e3", "5\n",
                                   "18446744073709551616", "99999999999999999999999"}) {
        try {
            parse_strict_integer(text, "--seed", 0, kMax);
            ADD_FAILURE() << "accepted \"" << text << "\"";
        } catch (const CLI::ValidationError& e) {
            EXPECT_NE(std::string(e.what()).find("--seed"), std::string::npos) << e.what();
        }
    }
    EXPECT_THROW(parse_strict_integer("0", "--jobs", 1, 1024), CLI::ValidationError);
    EXPECT_THROW(parse_strict_integer("1025", "--jobs", 1, 1024), CLI::ValidationError);
}

TEST(StrictInteger, OptionRefusesANegativeSeedInsteadOfWrappingIt) {
    CLI::App app;
    std::uint64_t seed = 1;
    add_integer_option(app, "--seed", seed, "seed");
    std::vector<std::string> args{"-1", "--seed"};  // CLI11 parses a reversed vector
    EXPECT_THROW(app.parse(args), CLI::ValidationError);
    EXPECT_EQ(seed, 1u);
    args = {"42", "--seed"};
    app.parse(args);
    EXPECT_EQ(seed, 42u);
}

}  // namespace
}  // namespace nk3::cli
