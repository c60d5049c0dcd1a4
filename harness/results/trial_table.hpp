#pragma once
// The `trials` and `checks` tables: one row per trial and one per check that ran in it.
// TrialWriter keeps its INSERT statements prepared, so recording a trial costs two bound
// statements, no SQL compilation. for_each_trial() streams trials back in plan-index order one
// at a time, so reading a million-trial run does not hold it all in memory.

#include <functional>

#include "harness/results/sqlite_database.hpp"
#include "harness/results/sqlite_statement.hpp"
#include "harness/results/trial_record.hpp"

namespace nk3::results {

class TrialWriter {
  public:
    explicit TrialWriter(sqlite::Database& db);

    // Inserts inside the caller's transaction. A plan index that is already there throws
    // SqliteError with primary code SQLITE_CONSTRAINT.
    void insert(const TrialRecord& trial);

  private:
    sqlite::Statement insert_trial_;
    sqlite::Statement insert_check_;
};

// `failing_checks` as stored and as trials.csv writes it: names joined with ';'.
std::string join_failing_checks(const TrialRecord& trial);

void for_each_trial(sqlite::Database& db, const std::function<void(const TrialRecord&)>& visit);

}  // namespace nk3::results
