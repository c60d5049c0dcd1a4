#pragma once
// `nk3rig replay DIR TRIAL`: re-runs one trial of a run from the run's scenario, target and
// seed, prints its event trace (setup and operation requests, flash operations, the cut, the
// boot, each check), writes the flash images before the cut and after recovery into
// DIR/replay-TRIAL/, and compares the verdict with the recorded one.

#include <CLI/CLI.hpp>

namespace nk3::cli {

// Exit status: 0 the replay gave the recorded verdict (or the trial was never recorded), 2 bad
// input (no run in DIR, no such trial), 3 the rig could not run or the verdict differs (a
// determinism bug).
void add_replay_command(CLI::App& app, int& exit_status);

}  // namespace nk3::cli
