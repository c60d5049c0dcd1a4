// Building summary.json from the database. Checks are listed in the order they ran in a trial,
// cut modes in plan order (before, torn, after, time, then others), so the file reads like the
// scenario and is deterministic.

#include "harness/results/run_summary.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/results/sqlite_statement.hpp"

namespace nk3::results {

namespace {

constexpr const char* kNoCutMode = "none";  // summary.json's key for a trial without a cut

// SQL expression that orders cut modes as the plans list them.
constexpr const char* kCutModeRank =
    "CASE cut_mode WHEN 'before' THEN 0 WHEN 'torn' THEN 1 WHEN 'after' THEN 2 "
    "WHEN 'time' THEN 3 WHEN '' THEN 5 ELSE 4 END";

std::string cut_mode_key(const std::string& mode) {
    return mode.empty() ? kNoCutMode : mode;
}

std::vector<std::string> split_checks(const std::string& joined) {
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start < joined.size()) {
        const std::size_t end = std::min(joined.find(';', start), joined.size());
        names.push_back(joined.substr(start, end - start));
        start = end + 1;
    }
    return names;
}

nlohmann::ordered_json optional_json(const std::optional<std::int64_t>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json run_info_json(const RunInfo& info) {
    return {
        {"scenario", info.scenario},
        {"scenario_file", info.scenario_file},
        {"scenario_sha256", info.scenario_sha256},
        {"target", info.target},
        {"profile", info.profile},
        {"firmware", info.firmware},
        {"seed", info.seed},
        {"plan", info.plan},
        {"plan_size", info.plan_size},
        {"shard_index", info.shard_index},
        {"shard_count", info.shard_count},
        {"rig_version", info.rig_version},
        {"host", info.host},
        {"started", info.started},
        {"finished", info.finished},
        {"status", std::string(to_string(info.status))},
    };
}

nlohmann::ordered_json build_summary_head(sqlite::Database& db, const RunInfo& info) {
    nlohmann::ordered_json summary;
    summary["format"] = kSummaryFormat;
    summary["status"] = std::string(to_string(info.status));
    summary["run"] = run_info_json(info);

    sqlite::Statement counts(db, "SELECT count(*), coalesce(sum(verdict = 'pass'), 0) FROM trials");
    counts.step();
    const std::int64_t trials = counts.integer(0);
    const std::int64_t passed = counts.integer(1);
    summary["counts"] = {{"trials", trials}, {"passed", passed}, {"failed", trials - passed}};

    // Every check that ran, with its failure count (0 included), in the order checks run.
    sqlite::Statement by_check(db, R"sql(
SELECT check_name, sum(passed = 0) FROM checks GROUP BY check_name ORDER BY min(position), check_name
)sql");
    nlohmann::ordered_json failures_by_check = nlohmann::ordered_json::object();
    std::vector<std::string> check_names;
    while (by_check.step()) {
        check_names.push_back(by_check.text(0));
        failures_by_check[by_check.text(0)] = by_check.integer(1);
    }
    summary["failures_by_check"] = failures_by_check;

    // A full check x cut-mode matrix over the cut modes the run has, zeros included.
    sqlite::Statement modes(db, std::string("SELECT DISTINCT cut_mode, ") + kCutModeRank +
                                    " AS rank FROM trials ORDER BY rank, cut_mode");
    std::vector<std::string> cut_modes;
    while (modes.step())
        cut_modes.push_back(cut_mode_key(modes.text(0)));
    nlohmann::ordered_json matrix = nlohmann::ordered_json::object();
    for (const std::string& check : check_names) {
        nlohmann::ordered_json row = nlohmann::ordered_json::object();
        for (const std::string& mode : cut_modes)
            row[mode] = 0;
        matrix[check] = row;
    }
    sqlite::Statement by_mode(db, R"sql(
SELECT c.check_name, t.cut_mode, count(*)
FROM checks AS c JOIN trials AS t USING (plan_index)
WHERE c.passed = 0 GROUP BY c.check_name, t.cut_mode
)sql");
    while (by_mode.step()) {
        matrix[by_mode.text(0)][cut_mode_key(by_mode.text(1))] = by_mode.integer(2);
    }
    summary["failures_by_check_and_cut_mode"] = matrix;
    return summary;
}

void for_each_failing_trial(sqlite::Database& db,
                            const std::function<void(const nlohmann::ordered_json&)>& visit) {
    sqlite::Statement failing(db, R"sql(
SELECT plan_index, fault, cut_mode, flash_op, second_op, offset_us, failing_checks, reason, replay
FROM trials WHERE verdict <> 'pass' ORDER BY plan_index
)sql");
    while (failing.step()) {
        visit({
            {"plan_index", failing.integer(0)},
            {"fault", failing.text(1)},
            {"cut_mode", failing.text(2)},
            {"flash_op", optional_json(failing.optional_integer(3))},
            {"second_op", optional_json(failing.optional_integer(4))},
            {"offset_us", optional_json(failing.optional_integer(5))},
            {"failing_checks", split_checks(failing.text(6))},
            {"reason", failing.text(7)},
            {"replay", failing.text(8)},
        });
    }
}

nlohmann::ordered_json build_summary(sqlite::Database& db, const RunInfo& info) {
    nlohmann::ordered_json summary = build_summary_head(db, info);
    nlohmann::ordered_json failing_trials = nlohmann::ordered_json::array();
    for_each_failing_trial(db, [&failing_trials](const nlohmann::ordered_json& trial) {
        failing_trials.push_back(trial);
    });
    summary["failing_trials"] = failing_trials;
    return summary;
}

void write_summary_json(sqlite::Database& db, const RunInfo& info, std::ostream& out) {
    // The head as dump(2) writes it, without its closing "\n}"; then "failing_trials" as the
    // last member, each entry dumped alone and indented to its depth (JSON strings hold no raw
    // newline, so every '\n' in a dump is a line break).
    std::string head = build_summary_head(db, info).dump(2);
    head.resize(head.size() - 2);
    out << head << ",\n  \"failing_trials\": [";
    bool first = true;
    for_each_failing_trial(db, [&out, &first](const nlohmann::ordered_json& trial) {
        out << (first ? "\n    " : ",\n    ");
        first = false;
        std::string text = trial.dump(2);
        for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at))
            text.insert(++at, "    ");
        out << text;
    });
    out << (first ? "]" : "\n  ]") << "\n}\n";
}

}  // namespace nk3::results
