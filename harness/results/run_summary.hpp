#pragma once
// summary.json: what ran, how many trials passed and failed, failures per check and per
// check x cut mode, and the failing trials with their reasons (fields in docs/results.md).
// Computed with SQL aggregates over the database, so it costs little memory for a large run.

#include <nlohmann/json.hpp>

#include "harness/results/run_info.hpp"
#include "harness/results/sqlite_database.hpp"

namespace nk3::results {

inline constexpr int kSummaryFormat = 1;

// The run's description as summary.json's "run" object.
nlohmann::ordered_json run_info_json(const RunInfo& info);

nlohmann::ordered_json build_summary(sqlite::Database& db, const RunInfo& info);

}  // namespace nk3::results
