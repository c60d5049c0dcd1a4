#pragma once
// The pieces of ResultStore::merge(): are these run directories shards of one run, what run do
// they make together, and copying one shard's trials into the merged database.

#include <filesystem>
#include <vector>

#include "harness/results/run_info.hpp"
#include "harness/results/sqlite_database.hpp"

namespace nk3::results {

struct Shard {
    std::filesystem::path dir;
    RunInfo info;
};

// Throws StoreError (mismatch) naming the directory and the field when a shard belongs to
// another run (scenario, scenario sha256, target, seed, plan, plan size, shard count differ),
// repeats a shard index, or has an index outside its shard count; also when `shards` is empty.
void check_shards_belong_together(const std::vector<Shard>& shards);

// The merged run: shard 0 of 1, started at the earliest start, hosts joined; complete when every
// shard of the run is there and complete (then finished is the latest finish), else interrupted.
RunInfo merged_run_info(const std::vector<Shard>& shards);

// Copies shards[which]'s trials and checks into `out` in one transaction (SQL, streaming).
// Throws StoreError (mismatch) when one of its plan indexes is already in `out`, naming the
// earlier shard that holds it.
void copy_shard_trials(sqlite::Database& out, const std::vector<Shard>& shards, std::size_t which);

}  // namespace nk3::results
