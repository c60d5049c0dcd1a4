// parse_strict_integer: digits only, range-checked, every refusal a CLI::ValidationError.

#include "harness/cli/strict_integer.hpp"

#include <charconv>

namespace nk3::cli {

std::uint64_t parse_strict_integer(std::string_view text, std::string_view name, std::uint64_t lo,
                                   std::uint64_t hi) {
    const std::string range = std::to_string(lo) + ".." + std::to_string(hi);
    const auto refuse = [&](const std::string& why) {
        throw CLI::ValidationError(std::string(name), why + "; expected an integer in " + range +
                                                          " written with digits only");
    };
    if (text.empty()) refuse("empty");
    if (text.find_first_not_of("0123456789") != std::string_view::npos)
        refuse("\"" + std::string(text.substr(0, 40)) + "\" is not a plain integer");
    std::uint64_t value = 0;
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
    if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() || value < lo ||
        value > hi)
        refuse(std::string(text.substr(0, 40)) + " is out of range");
    return value;
}

}  // namespace nk3::cli
