#pragma once
// `nk3rig storage-sweep`: the exhaustive power-cut sweep of the simulated flash stack alone (no
// CTAP), over the storage stacks of the NK3 models. It prints one table row per stack: cut
// points, trials, and how many trials left the filesystem unmountable or data damaged.

#include <CLI/CLI.hpp>

namespace nk3::cli {

// Adds the subcommand to `app`; the returned callback runs it and gives the exit status.
void add_storage_sweep_command(CLI::App& app, int& exit_status);

}  // namespace nk3::cli
