#pragma once
// The run directory's database (DIR/results.sqlite): run information and one row per trial,
// committed the moment the trial ends, so an interrupted campaign loses nothing and --resume
// continues it. Writes trials.csv and summary.json from what is committed.
//
// Thread-safe: worker threads may record() concurrently.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <vector>

#include "harness/results/run_info.hpp"
#include "harness/results/trial_record.hpp"

namespace nk3::results {

class ResultStore {
  public:
    // A new run in `dir` (created if needed). Throws StoreError when `dir` already holds a run.
    static ResultStore create(const std::filesystem::path& dir, const RunInfo& info);
    // An existing run, to resume or to read. Throws StoreError when `dir` holds none.
    static ResultStore open(const std::filesystem::path& dir);

    ResultStore(ResultStore&&) noexcept;
    ResultStore& operator=(ResultStore&&) noexcept;
    ~ResultStore();

    const RunInfo& info() const;
    std::set<std::uint64_t> recorded_indexes() const;

    void record(const TrialRecord& trial);
    void set_status(RunStatus status);  // also stamps `finished` unless running

    std::vector<TrialRecord> trials() const;  // by plan index

    // trials.csv (stable header, docs/results.md) and summary.json into the run directory.
    void write_csv() const;
    void write_summary() const;

    // One run directory from the shards of a run (same scenario, target, seed, plan; disjoint
    // plan indexes). Throws StoreError otherwise.
    static ResultStore merge(const std::vector<std::filesystem::path>& shard_dirs,
                             const std::filesystem::path& out_dir);

    const std::filesystem::path& dir() const;

  private:
    struct Impl;
    explicit ResultStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace nk3::results
