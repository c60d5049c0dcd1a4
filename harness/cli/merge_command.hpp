#pragma once
// `nk3rig merge OUT SHARD_DIR...`: one run directory from the shards of a run (`nk3rig run
// --shard I/N` on several machines): the trials of all shards, trials.csv and summary.json.

#include <CLI/CLI.hpp>

namespace nk3::cli {

// Exit status: 0 merged, 2 the directories are not shards of one run (or OUT holds a run),
// 3 the files could not be written.
void add_merge_command(CLI::App& app, int& exit_status);

}  // namespace nk3::cli
