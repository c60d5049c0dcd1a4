#pragma once
// Exhaustive power-cut sweep of one storage stack, littlefs-test-runner style:
//   1. format, run the setup, snapshot the flash (copy-on-write, so trials restore cheaply);
//   2. dry run: run the operation once and record the index of every flash program and erase;
//   3. one trial per (operation index, cut mode): restore, arm the cut, run until power goes,
//      power on, boot (journal replay + mount + repair), judge;
//   4. nested: for first cuts whose boot writes to flash, a second cut at every flash operation
//      of that boot, then boot again and judge.
// A trial passes when the filesystem mounts, holds exactly the state before or after the
// operation that was in flight (every file old or new, never a mix, nothing acknowledged
// missing; a file the operation creates may also be empty, as littlefs commits a new file's
// entry before its data), fsck finds nothing, and a new file can be written and read back after a
// remount.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flash/flash_op.hpp"
#include "storage/storage_stack.hpp"
#include "sweep/workload.hpp"

namespace nk3::sweep {

struct SweepConfig {
    storage::StackConfig stack;
    NamedWorkload workload;
    std::vector<flash::CutMode> modes{flash::CutMode::before, flash::CutMode::torn,
                                      flash::CutMode::after};
    std::uint64_t seed = 1;
    bool nested = false;
    // Nested sweeps cut at most this many boot operations per first cut (0: all).
    std::size_t nested_limit = 0;
};

enum class FailureClass { unmountable, data, fsck, unwritable };
std::string_view to_string(FailureClass c);

struct Cut {
    std::uint64_t op_index = 0;
    flash::CutMode mode = flash::CutMode::before;
};

struct TrialFailure {
    Cut first;
    std::optional<Cut> second;  // nested trials
    FailureClass cls = FailureClass::data;
    std::string reason;
    std::string cut_detail;    // what the (last) cut did to the flash
    std::string in_flight;     // workload operation that was running
    std::string damaged_path;  // data failures: the first path found wrong
    // Data failures: the damaged path is not one the in-flight operation writes (the damage a
    // read-modify-write translation layer does to neighbours).
    bool collateral = false;
};

struct SweepReport {
    std::uint64_t first_op = 0;  // flash operations of the operation under test: [first, end)
    std::uint64_t end_op = 0;
    std::size_t trials = 0;
    std::size_t nested_trials = 0;
    std::size_t failed = 0;
    std::size_t collateral = 0;  // data failures on paths the in-flight operation never touched
    std::map<FailureClass, std::size_t> by_class;
    std::map<flash::CutMode, std::size_t> failed_by_mode;
    std::vector<TrialFailure> failures;  // the first `kMaxKept`
    static constexpr std::size_t kMaxKept = 64;

    std::uint64_t cut_points() const { return end_op - first_op; }
};

class PowerCutSweep {
  public:
    explicit PowerCutSweep(SweepConfig config);

    SweepReport run();
    // One trial alone (for replaying a failure); nested when `second` is set.
    std::optional<TrialFailure> trial(Cut first, std::optional<Cut> second = std::nullopt);
    // Flash operations of the operation under test, from the dry run.
    const std::vector<flash::FlashOp>& dry_run_ops() const { return dry_ops_; }

  private:
    // Restores the base image, runs the operation until the cut; power is back on after.
    // Returns how many workload operations completed.
    std::size_t run_to_cut(Cut first);
    // Cuts at `second` during the boot after a first cut; returns what that cut did.
    std::string cut_during_boot(Cut second);
    // Boots and checks the recovered state; nothing when the trial passes.
    std::optional<TrialFailure> judge(std::size_t in_flight);
    // judge() with the trial's identity filled in.
    std::optional<TrialFailure> judged(Cut first, std::optional<Cut> second, std::size_t in_flight,
                                       std::string detail);
    // Counts one trial and its failure, if any.
    void record(SweepReport& report, const std::optional<TrialFailure>& f);

    SweepConfig config_;
    flash::PowerDomain domain_;
    storage::StorageStack stack_;
    storage::StorageStack::Snapshot base_;
    flash::PowerDomain::State base_power_;
    std::vector<fs::Tree> model_;  // model_[k]: state after k operations
    std::vector<flash::FlashOp> dry_ops_;
};

}  // namespace nk3::sweep
