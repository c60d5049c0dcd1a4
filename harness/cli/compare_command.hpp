#pragma once
// `nk3rig compare BASE_DIR NEW_DIR`: two runs of one scenario (yesterday's firmware, today's)
// side by side: failures by check and cut mode, the cut points that newly fail or newly pass.

#include <CLI/CLI.hpp>

namespace nk3::cli {

// Exit status: 0 NEW is no worse than BASE, 1 NEW is worse, 2 bad input (not a run directory,
// different scenarios), 3 the comparer could not run.
void add_compare_command(CLI::App& app, int& exit_status);

}  // namespace nk3::cli
