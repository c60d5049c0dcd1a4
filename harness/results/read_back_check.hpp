#pragma once
// What a trial row read back from results.sqlite must look like. The store writes only such
// rows, so one that breaks a rule was changed outside nk3rig (or the file is damaged): every
// reader (--resume, replay, report, compare, trials.csv) refuses the run instead of building on
// it. Throws StoreError (Kind::corrupt, bad input: exit status 2) naming the file, the plan
// index and the field.

#include <filesystem>

#include "harness/results/run_info.hpp"
#include "harness/results/trial_record.hpp"

namespace nk3::results {

// The run row: a plan size of at least 1 and below 2^63, 1 <= shard_count, shard_index below it.
void check_read_back(const RunInfo& info, const std::filesystem::path& file);

// A trial row: plan_index below the plan size and in the run's shard, a known plan, cut mode,
// operation kind and verdict, the verdict "fail" exactly when a check failed (then a reason), no
// negative time, no check named twice or unnamed. (Reasons may hold several lines.)
void check_read_back(const RunInfo& info, const TrialRecord& trial,
                     const std::filesystem::path& file);

}  // namespace nk3::results
