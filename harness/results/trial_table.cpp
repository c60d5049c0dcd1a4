// Writing and streaming trial rows with their check outcomes.

#include "harness/results/trial_table.hpp"

#include <cstdint>

#include "harness/results/sql_integer.hpp"

namespace nk3::results {

TrialWriter::TrialWriter(sqlite::Database& db)
    : insert_trial_(db, R"sql(
INSERT INTO trials (plan_index, plan, fault, cut_mode, flash_op, second_op, op_kind, offset_us,
                    sim_time_ns, verdict, failing_checks, reason, recovery_ns, duration_us, replay)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
)sql"),
      insert_check_(db, R"sql(
INSERT INTO checks (plan_index, position, check_name, passed, reason) VALUES (?1, ?2, ?3, ?4, ?5)
)sql") {}

std::string join_failing_checks(const TrialRecord& trial) {
    std::string joined;
    for (const CheckOutcome& outcome : trial.checks) {
        if (outcome.passed) continue;
        if (!joined.empty()) joined += ';';
        joined += outcome.check;
    }
    return joined;
}

void TrialWriter::insert(const TrialRecord& trial) {
    const std::int64_t index = to_sql_integer(trial.plan_index, "plan index");
    insert_trial_.bind(1, index)
        .bind(2, trial.plan)
        .bind(3, trial.fault)
        .bind(4, trial.cut_mode)
        .bind(5, trial.flash_op)
        .bind(6, trial.second_op)
        .bind(7, trial.op_kind)
        .bind(8, trial.offset_us)
        .bind(9, trial.sim_time_ns)
        .bind(10, trial.verdict)
        .bind(11, join_failing_checks(trial))
        .bind(12, trial.reason)
        .bind(13, trial.recovery_ns)
        .bind(14, trial.duration_us)
        .bind(15, trial.replay)
        .run();
    std::int64_t position = 0;
    for (const CheckOutcome& outcome : trial.checks) {
        insert_check_.bind(1, index)
            .bind(2, position++)
            .bind(3, outcome.check)
            .bind(4, std::int64_t{outcome.passed ? 1 : 0})
            .bind(5, outcome.reason)
            .run();
    }
}

void for_each_trial(sqlite::Database& db, const std::function<void(const TrialRecord&)>& visit) {
    sqlite::Statement trials(db, R"sql(
SELECT plan_index, plan, fault, cut_mode, flash_op, second_op, op_kind, offset_us, sim_time_ns,
       verdict, reason, recovery_ns, duration_us, replay
FROM trials ORDER BY plan_index
)sql");
    sqlite::Statement checks(db, R"sql(
SELECT plan_index, check_name, passed, reason FROM checks ORDER BY plan_index, position
)sql");
    bool check_ready = checks.step();
    TrialRecord trial;
    while (trials.step()) {
        const std::int64_t index = trials.integer(0);
        trial.plan_index = static_cast<std::uint64_t>(index);
        trial.plan = trials.text(1);
        trial.fault = trials.text(2);
        trial.cut_mode = trials.text(3);
        trial.flash_op = trials.optional_integer(4);
        trial.second_op = trials.optional_integer(5);
        trial.op_kind = trials.text(6);
        trial.offset_us = trials.optional_integer(7);
        trial.sim_time_ns = trials.integer(8);
        trial.verdict = trials.text(9);
        trial.reason = trials.text(10);
        trial.recovery_ns = trials.integer(11);
        trial.duration_us = trials.integer(12);
        trial.replay = trials.text(13);
        trial.checks.clear();
        // Both cursors run in plan-index order; checks of a trial follow in position order.
        while (check_ready && checks.integer(0) < index)
            check_ready = checks.step();
        while (check_ready && checks.integer(0) == index) {
            trial.checks.push_back(
                CheckOutcome{checks.text(1), checks.integer(2) != 0, checks.text(3)});
            check_ready = checks.step();
        }
        visit(trial);
    }
}

}  // namespace nk3::results
