#pragma once
// trials.csv: one row per trial in plan-index order under a stable header (columns and units in
// docs/results.md). Apart from duration_us (wall clock), a row depends only on the trial, so two
// runs with the same scenario, target and seed give identical files but for that column.

#include <string>
#include <vector>

#include "harness/results/trial_record.hpp"

namespace nk3::results {

// plan_index, plan, fault, cut_mode, flash_op, second_op, op_kind, offset_us, sim_time_ns,
// verdict, failing_checks, reason, recovery_ns, duration_us, replay
const std::vector<std::string>& trials_csv_columns();
std::string trials_csv_header();                       // the header record, CRLF-terminated
std::string trials_csv_row(const TrialRecord& trial);  // one record, CRLF-terminated

}  // namespace nk3::results
