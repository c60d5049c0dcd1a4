#pragma once
// --shard I/N: the I-th (1-based on the command line) of N disjoint slices of a plan's indexes,
// so a nightly run can be spread over machines. Slice I holds the indexes with
// index % N == I - 1: every slice gets every N-th trial, so each covers the whole plan evenly.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nk3::engine {

struct Shard {
    std::uint32_t index = 0;  // 0-based
    std::uint32_t count = 1;

    bool contains(std::uint64_t plan_index) const { return plan_index % count == index; }
    std::string text() const;  // "I/N", 1-based
};

// Parses "I/N" with 1 <= I <= N; std::nullopt (and `why`) otherwise.
std::optional<Shard> parse_shard(std::string_view text, std::string* why = nullptr);

}  // namespace nk3::engine
