#pragma once
// Runs the trials of a campaign on one Target (one per worker thread).
//
// prepare() powers the key on, runs the scenario's setup once and, on the simulator, takes the
// snapshot after it and dry-runs the operation under test (dry_run.hpp). run(spec) then does one
// trial (docs/engine.md, "The trial lifecycle"):
//   1. restore the boundary snapshot the cut needs (never replay the setup) with the host's
//      History as it was there, and reconnect;
//   2. arm the cut (at a flash operation, or at anchor + offset in simulated time; on a bench a
//      real-time timer started at the anchor), run the operation's steps through the Link,
//      recording each as acknowledged, refused or in flight; stop at the cut;
//   3. power stays off for the plan's power_off, then on (nested: a second cut during that boot,
//      off again, on again); wait for the key to answer (recovery = power-on to first answer);
//   4. run the scenario's checks and make the verdict.
// With an OutcomeCache (outcome_cache.hpp; the campaign's default on the simulator), step 3's
// power-on and step 4's checks are skipped when an earlier trial left the key and the History
// in the same state: the trial takes that trial's recovery time and check results, and the key
// stays off until the next trial restores its boundary. Never while tracing or writing images.
// On a bench (no SimPowers) there are no snapshots: each trial power-cycles the key and runs the
// setup again, then the operation with a real-time cut.
//
// Every trial is a pure function of (scenario, target, plan index, seed): what runs before a cut
// is what the dry run ran from the same boundary, and the simulated key is deterministic.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "harness/checks/check.hpp"
#include "harness/engine/dry_run.hpp"
#include "harness/engine/outcome_cache.hpp"
#include "harness/engine/plan.hpp"
#include "harness/engine/trial_spec.hpp"
#include "harness/results/trial_record.hpp"
#include "harness/scenario/scenario.hpp"
#include "rig/target.hpp"

namespace nk3::engine {

// Wall time spent per part of the trials this runner ran (profiling; the benchmark prints it).
struct TrialTimings {
    std::uint64_t trials = 0;
    std::chrono::nanoseconds operation{0};  // restore, reconnect, the steps up to the cut
    std::chrono::nanoseconds recovery{0};   // power off, on (boot), connect
    std::chrono::nanoseconds checks{0};
    std::chrono::nanoseconds total{0};
    std::uint64_t reused = 0;     // trials that took the outcome of an identical power-on
    std::uint64_t rechecked = 0;  // of those, booted and checked anyway, and found to agree
};

class TrialRunner {
  public:
    // `run_dir` goes into the replay command of failing trials. Refuses (PlanRefused) a plan
    // that needs simulator powers on a target without them.
    TrialRunner(const scenario::Scenario& scenario, rig::Target& target, std::uint64_t seed,
                std::string run_dir = "DIR");
    ~TrialRunner();
    TrialRunner(const TrialRunner&) = delete;
    TrialRunner& operator=(const TrialRunner&) = delete;

    // Setup (and, on the simulator, snapshot and dry run). Throws rig::RigError when the key
    // does not answer, PlanRefused when the key refuses a setup step.
    void prepare();
    bool simulated() const { return target_.sim != nullptr; }
    const DryRun& dry_run() const { return dry_; }

    // What the planner needs; for a nested plan this dry-runs the boot after every first cut.
    PlanInputs plan_inputs();
    // Flash operations of the boot after first cut `op` (relative) in `mode` (nested plans).
    std::uint32_t boot_ops_after(std::uint64_t op, flash::CutMode mode);

    results::TrialRecord run(const TrialSpec& spec);

    // Replay: every event of the next trials as one line each (requests, flash operations,
    // the cut, the boot, each check), and flash images before the cut and after recovery.
    void set_trace(std::function<void(const std::string&)> trace) { trace_ = std::move(trace); }
    void set_image_dir(std::filesystem::path dir) { image_dir_ = std::move(dir); }
    // Reuse outcomes of identical power-ons through `cache` (shared by workers; nullptr: never).
    void set_outcome_cache(OutcomeCache* cache) { outcome_cache_ = cache; }

    const TrialTimings& timings() const { return timings_; }

  private:
    struct Cut;
    class Power;

    rig::LinkResult<rig::DeviceInfo> connect();
    // Time passing with the key off or idle: simulated time on the simulator, a real sleep on a
    // bench.
    void advance(SimTime time);
    void run_setup(checks::History& history);
    void do_dry_run();
    // Restores the boundary and runs steps until the cut; fills `cut`.
    void run_to_cut(const TrialSpec& spec, Cut& cut);
    void run_bench_to_cut(const TrialSpec& spec, Cut& cut);
    bool sim_cut_fired() const;
    void trace(const std::string& line) const;
    void trace_flash_ops();
    void save_images(const std::string& name);
    // Step 3's power-on and step 4's checks, timed into timings_.
    PowerOnOutcome power_on_and_check();
    // The outcome cache's key for the unpowered key after a cut of a trial started at `boundary`.
    crypto::CacheKey power_on_key(const Boundary& boundary) const;
    std::vector<results::CheckOutcome> run_checks(bool answered,
                                                  const rig::LinkResult<rig::DeviceInfo>& info);

    const scenario::Scenario& scenario_;
    rig::Target& target_;
    std::uint64_t seed_;
    std::string run_dir_;
    std::unique_ptr<Power> power_;
    checks::History base_history_;  // after the setup
    checks::History history_;       // the running trial's
    DryRun dry_;
    bool prepared_ = false;
    std::function<void(const std::string&)> trace_;
    std::filesystem::path image_dir_;
    TrialTimings timings_;
    OutcomeCache* outcome_cache_ = nullptr;
    std::optional<std::size_t> observed_step_;  // bench: the step whose anchor starts the timer
    std::function<void()> on_anchor_;
};

}  // namespace nk3::engine
