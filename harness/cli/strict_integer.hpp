#pragma once
// The one integer parser of nk3rig's command line. A number is 1 to 20 ASCII digits and nothing
// else: no sign, no blank before or after, no "0x", nothing empty, and it must lie in [lo, hi].
// CLI11's own conversion lets "-1" wrap to 2^64-1, clamps values above 2^64 and takes " 5";
// every integer option and argument goes through add_integer_option instead.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace nk3::cli {

// The value of `text`, or throws CLI::ValidationError("NAME: ...") saying what is wrong (a
// CLI::ParseError: main() exits with status 2).
std::uint64_t parse_strict_integer(std::string_view text, std::string_view name, std::uint64_t lo,
                                   std::uint64_t hi);

// Adds option or positional `name` to `cmd` that stores into `target` through
// parse_strict_integer. `hi` defaults to the largest value of T.
template <typename T>
CLI::Option* add_integer_option(CLI::App& cmd, const std::string& name, T& target,
                                const std::string& description, std::uint64_t lo = 0,
                                std::uint64_t hi = std::numeric_limits<T>::max()) {
    auto* opt = cmd.add_option_function<std::string>(
        name,
        [&target, name, lo, hi](const std::string& text) {
            target = static_cast<T>(parse_strict_integer(text, name, lo, hi));
        },
        description);
    opt->default_str(std::to_string(target));
    opt->type_name("UINT");
    return opt;
}

}  // namespace nk3::cli
