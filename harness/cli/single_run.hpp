#pragma once
// One campaign, in two halves so that a suite can check every member before it runs any:
//
//   check_run()    the arguments, the scenario, the target spec, the plan against the target
//                  and the run directory (new, or the run to resume): everything that is bad
//                  input, without touching the key;
//   execute_run()  the campaign: setup and dry run, the trials, trials.csv and summary.json, the
//                  summary table and conclusion, then the report (report.html, junit.xml).
//
// `nk3rig run SCENARIO.yaml` is check_run() then execute_run(); a suite (suite_run.hpp) does
// the same per member.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "harness/cli/run_options.hpp"
#include "harness/engine/shard.hpp"
#include "harness/results/result_store.hpp"
#include "harness/results/run_dir_lock.hpp"
#include "harness/scenario/scenario.hpp"
#include "rig/target.hpp"

namespace nk3::cli {

// A run whose input was checked.
struct CheckedRun {
    scenario::Scenario scenario;
    std::filesystem::path scenario_path;  // the file run (with --resume: the run's copy)
    std::string spec;                     // "sim:nk3am-1.2.2", "bench:FILE.yaml"
    std::string out;                      // the run directory
    std::uint64_t seed = 1;
    engine::Shard shard;
    int jobs = 1;
    bool report = true;
    bool reuse_outcomes = true;                 // not --no-reuse
    rig::TargetFactory factory;                 // of `spec`, built (and so checked) once
    std::optional<results::ResultStore> store;  // --resume: the run to continue
    std::optional<results::RunDirLock> lock;    // held while this process writes the run
};

// What a run came to.
struct RunOutcome {
    int status = 0;            // its exit status (engine/exit_status.hpp)
    bool recorded = false;     // its run directory holds a result store
    std::uint64_t trials = 0;  // recorded in the run directory (all, with --resume)
    std::uint64_t failed = 0;
    std::string conclusion;  // what the run found (SummaryTable::verdict), or why it stopped
};

// The options alone (--shard, --jobs, --target with --bench): 0 and `shard` filled, or the
// message printed and the exit status. check_run() calls it; a suite calls it once first.
int check_options(const RunOptions& o, engine::Shard& shard);

// Checks `o` and reads the scenario: `given` (a suite's member, already parsed), else
// o.scenario, or with --resume the copy in o.out. Returns 0 and fills `run`, or prints
// "nk3rig run: ..." (file:line:column for a scenario) to stderr and returns the exit status.
int check_run(const RunOptions& o, const scenario::Scenario* given, CheckedRun& run);

// Runs a checked run to its end (or to `stop`), printing progress, the summary table, the
// conclusion and the report's path. Never loses what was recorded: the files are written even
// when the rig fails or SIGINT stops it, and a renderer that fails changes nothing but the line
// "report: not written (...)".
RunOutcome execute_run(CheckedRun& run, const std::atomic<bool>& stop);

// The outcome of a run already in its directory (a suite's complete member under --resume),
// from its database; prints nothing.
RunOutcome recorded_outcome(const CheckedRun& run);

}  // namespace nk3::cli
