#pragma once
// summary.json: what ran, how many trials passed and failed, failures per check and per
// check x cut mode, and the failing trials with their reasons (fields in docs/results.md).
// Computed with SQL aggregates over the database, and written with the failing trials streamed
// one at a time, so memory stays flat however many trials (and failures) a run has.

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>

#include "harness/results/run_info.hpp"
#include "harness/results/sqlite_database.hpp"

namespace nk3::results {

inline constexpr int kSummaryFormat = 1;

// The run's description as summary.json's "run" object.
nlohmann::ordered_json run_info_json(const RunInfo& info);

// Everything but "failing_trials" (the part that grows with the run), in file order.
nlohmann::ordered_json build_summary_head(sqlite::Database& db, const RunInfo& info);
// Each failing trial's "failing_trials" entry, by plan index, one at a time.
void for_each_failing_trial(sqlite::Database& db,
                            const std::function<void(const nlohmann::ordered_json&)>& visit);

// The whole summary as one object (small runs, tests).
nlohmann::ordered_json build_summary(sqlite::Database& db, const RunInfo& info);
// summary.json's text: byte for byte build_summary(db, info).dump(2) plus a newline, written
// without holding the failing trials in memory.
void write_summary_json(sqlite::Database& db, const RunInfo& info, std::ostream& out);

}  // namespace nk3::results
