#pragma once
// The `run` table: the single row that says what a run directory holds (RunInfo).

#include <string>

#include "harness/results/run_info.hpp"
#include "harness/results/sqlite_database.hpp"

namespace nk3::results {

void insert_run_info(sqlite::Database& db, const RunInfo& info);
// Throws StoreError (not_a_run) when the row is missing or unreadable.
RunInfo read_run_info(sqlite::Database& db);
void update_run_status(sqlite::Database& db, RunStatus status, const std::string& finished);

}  // namespace nk3::results
