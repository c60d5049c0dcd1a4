#pragma once
// A campaign: the plan of a scenario on a target, run by --jobs worker threads, each with its
// own Target from the TargetFactory and its own TrialRunner (setup and dry run once per
// worker). Trials are handed out by plan index from one counter; a worker records each trial
// into the ResultStore the moment it ends (record() is thread-safe), so which worker ran a
// trial changes nothing in its record.
//
// On the simulator the workers share one OutcomeCache for the run (same state, same outcome).
//
// --shard I/N keeps the plan indexes with index % N == I-1; --resume skips indexes the store
// already holds. A stop request (SIGINT) lets running trials finish and be recorded, starts no
// new one, and returns with `interrupted` set.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/engine/plan.hpp"
#include "harness/engine/shard.hpp"
#include "harness/engine/trial_runner.hpp"
#include "harness/results/result_store.hpp"
#include "harness/scenario/scenario.hpp"
#include "rig/target.hpp"

namespace nk3::engine {

struct CampaignProgress {
    std::uint64_t done = 0;   // trials recorded by this run
    std::uint64_t total = 0;  // trials this run has to do
    std::uint64_t failed = 0;
    std::chrono::steady_clock::duration elapsed{};
};

struct CampaignOptions {
    int jobs = 1;
    Shard shard;
    std::uint64_t seed = 1;
    std::string run_dir = "DIR";  // for the replay command of failing trials
    const std::atomic<bool>* stop = nullptr;
    // Trials whose cut leaves the simulated key and the History as an earlier trial's did take
    // that trial's outcome (outcome_cache.hpp); false: every trial boots and checks.
    bool reuse_outcomes = true;
    // Called from the calling thread about 5 times a second, and once at the end.
    std::function<void(const CampaignProgress&)> progress;
    // Called by the worker thread right after it recorded a trial (tests, tools).
    std::function<void(const results::TrialRecord&)> on_trial;
};

struct CampaignResult {
    std::uint64_t ran = 0;      // trials recorded by this run
    std::uint64_t skipped = 0;  // already recorded (--resume)
    std::uint64_t failed = 0;   // of those ran
    bool interrupted = false;
    int workers = 0;
    TrialTimings timings;  // summed over the workers
    std::chrono::steady_clock::duration elapsed{};
};

class Campaign {
  public:
    Campaign(const scenario::Scenario& scenario, rig::TargetFactory factory,
             CampaignOptions options);
    ~Campaign();

    // Builds the first target, runs its setup and dry run, computes the plan. Throws
    // PlanRefused (bad input), rig::RigError, yaml::InputError (bad target spec).
    const Plan& plan();
    const rig::Target& first_target();

    // Runs every trial of the shard that `already` (ascending, as recorded_indexes() gives it)
    // does not hold.
    CampaignResult run(results::ResultStore& store, const std::vector<std::uint64_t>& already);

  private:
    struct Worker;

    const scenario::Scenario& scenario_;
    rig::TargetFactory factory_;
    CampaignOptions options_;
    std::unique_ptr<rig::Target> first_target_;
    std::unique_ptr<TrialRunner> first_runner_;
    std::optional<Plan> plan_;
};

}  // namespace nk3::engine
