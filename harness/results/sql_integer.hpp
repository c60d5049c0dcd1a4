#pragma once
// Unsigned counters (plan index, plan size) into SQLite's signed 64-bit integers: values beyond
// 2^63 - 1 are refused (StoreError, invalid_record) rather than stored as negative numbers.

#include <cstdint>
#include <limits>
#include <string>

#include "harness/results/store_error.hpp"

namespace nk3::results {

inline std::int64_t to_sql_integer(std::uint64_t value, const char* what) {
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw StoreError(StoreError::Kind::invalid_record,
                         std::string(what) + " " + std::to_string(value) +
                             " does not fit the result store (at most 2^63 - 1)");
    }
    return static_cast<std::int64_t>(value);
}

}  // namespace nk3::results
