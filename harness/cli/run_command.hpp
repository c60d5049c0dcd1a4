#pragma once
// `nk3rig run SCENARIO.yaml`: a whole campaign (docs/engine.md): plan the trials of the
// scenario's fault plan on a target, run them on --jobs workers, commit each to the run
// directory's database as it ends, write trials.csv and summary.json, print the summary table.

#include <CLI/CLI.hpp>

namespace nk3::cli {

// Exit status: 0 every trial passed, 1 some check failed, 2 bad input, 3 the rig could not
// run, 130 interrupted by SIGINT (everything so far saved; --resume continues).
void add_run_command(CLI::App& app, int& exit_status);

}  // namespace nk3::cli
