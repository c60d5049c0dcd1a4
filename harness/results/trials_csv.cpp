// The trials.csv columns. Changing them changes a documented, stable format: update
// docs/results.md and the reports that read it.

#include "harness/results/trials_csv.hpp"

#include <optional>

#include "harness/results/csv_row.hpp"
#include "harness/results/trial_table.hpp"

namespace nk3::results {

namespace {

std::string optional_number(const std::optional<std::int64_t>& value) {
    return value ? std::to_string(*value) : std::string();
}

}  // namespace

const std::vector<std::string>& trials_csv_columns() {
    static const std::vector<std::string> columns = {
        "plan_index",     "plan",    "fault",       "cut_mode",    "flash_op",
        "second_op",      "op_kind", "offset_us",   "sim_time_ns", "verdict",
        "failing_checks", "reason",  "recovery_ns", "duration_us", "replay",
    };
    return columns;
}

std::string trials_csv_header() {
    return csv_row(trials_csv_columns());
}

std::string trials_csv_row(const TrialRecord& trial) {
    return csv_row({
        std::to_string(trial.plan_index),
        trial.plan,
        trial.fault,
        trial.cut_mode,
        optional_number(trial.flash_op),
        optional_number(trial.second_op),
        trial.op_kind,
        optional_number(trial.offset_us),
        std::to_string(trial.sim_time_ns),
        trial.verdict,
        join_failing_checks(trial),
        trial.reason,
        std::to_string(trial.recovery_ns),
        std::to_string(trial.duration_us),
        trial.replay,
    });
}

}  // namespace nk3::results
