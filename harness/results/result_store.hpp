#pragma once
// The run directory's database (DIR/results.sqlite): run information and one row per trial,
// committed the moment the trial ends, so an interrupted campaign loses nothing and --resume
// continues it. Writes trials.csv and summary.json from what is committed.
//
// Thread-safe: worker threads may record() concurrently.
//
// Durability: WAL journal, synchronous=NORMAL. A trial is in the WAL file (the kernel's page
// cache) when record() returns, so a crash, abort or SIGKILL of nk3rig loses nothing; a power
// loss or kernel crash of the host may lose the last trials, never corrupt the database
// (docs/results.md).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "harness/results/run_info.hpp"
#include "harness/results/store_error.hpp"
#include "harness/results/trial_record.hpp"

namespace nk3::results {

class ResultStore {
  public:
    // A new run in `dir` (created if needed, then owner-only, 0700). Throws StoreError (already_a_run) when `dir`
    // already holds a run.
    static ResultStore create(const std::filesystem::path& dir, const RunInfo& info);
    // An existing run, to resume or to read. Throws StoreError (not_a_run) when `dir` holds none
    // or one written with another schema version, (corrupt) when its run row is impossible;
    // the message names the directory.
    static ResultStore open(const std::filesystem::path& dir);
    // Whether `dir` holds a run (its database file), and the error create() throws then.
    static bool holds_run(const std::filesystem::path& dir);
    static StoreError already_a_run(const std::filesystem::path& dir);

    ResultStore(ResultStore&&) noexcept;
    ResultStore& operator=(ResultStore&&) noexcept;
    ~ResultStore();

    const RunInfo& info() const;
    // The plan indexes recorded, ascending: 8 bytes per trial (--resume holds them while the
    // run goes, to skip them).
    std::vector<std::uint64_t> recorded_indexes() const;
    std::uint64_t trial_count() const;

    // Commits the trial (its row and its checks) in one transaction before returning: a crash
    // of the process right after loses nothing. Throws StoreError (duplicate_trial) when the
    // plan index is already recorded; the store stays usable.
    void record(const TrialRecord& trial);
    void set_status(RunStatus status);  // also stamps `finished` unless running (then clears it)

    std::vector<TrialRecord> trials() const;  // by plan index
    // Streams trials in plan-index order, one at a time (memory stays flat on a large run).
    // `visit` runs under the store's lock: it must not call back into this store.
    // Every row is checked as it is read (read_back_check.hpp): a row changed outside nk3rig,
    // or a damaged file, throws StoreError (corrupt, bad input) naming the file and the trial.
    void for_each_trial(const std::function<void(const TrialRecord&)>& visit) const;
    // Reads every trial back, checking each; throws as for_each_trial.
    void verify() const;

    // trials.csv (stable header, docs/results.md) and summary.json into the run directory.
    void write_csv() const;
    void write_summary() const;

    // One run directory from the shards of a run (same scenario, scenario sha256, target, seed,
    // plan, plan size and shard count; distinct shard indexes; disjoint plan indexes). Throws
    // StoreError (mismatch, naming the directory and the field) otherwise, and leaves no run in
    // `out_dir`. The merged run is shard 0 of 1: --resume on it runs whatever no shard ran.
    static ResultStore merge(const std::vector<std::filesystem::path>& shard_dirs,
                             const std::filesystem::path& out_dir);

    const std::filesystem::path& dir() const;

  private:
    struct Impl;
    // for_each_trial without taking the lock (the caller holds it).
    void for_each_checked_trial(const std::function<void(const TrialRecord&)>& visit) const;
    explicit ResultStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace nk3::results
