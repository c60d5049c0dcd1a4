// Parsing and printing --shard I/N.

#include "harness/engine/shard.hpp"

#include <charconv>

namespace nk3::engine {

std::string Shard::text() const {
    return std::to_string(index + 1) + "/" + std::to_string(count);
}

std::optional<Shard> parse_shard(std::string_view text, std::string* why) {
    auto fail = [&](const char* message) -> std::optional<Shard> {
        if (why) *why = message;
        return std::nullopt;
    };
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return fail("expected I/N, e.g. 1/4");
    std::uint32_t i = 0, n = 0;
    const auto a = text.substr(0, slash), b = text.substr(slash + 1);
    auto ra = std::from_chars(a.data(), a.data() + a.size(), i);
    auto rb = std::from_chars(b.data(), b.data() + b.size(), n);
    if (a.empty() || b.empty() || ra.ec != std::errc{} || ra.ptr != a.data() + a.size() ||
        rb.ec != std::errc{} || rb.ptr != b.data() + b.size())
        return fail("expected I/N with whole numbers, e.g. 1/4");
    if (n == 0 || i == 0 || i > n) return fail("expected 1 <= I <= N");
    return Shard{i - 1, n};
}

}  // namespace nk3::engine
