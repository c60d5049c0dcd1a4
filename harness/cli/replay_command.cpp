// `nk3rig replay`: rebuild the run's target and plan, trace one trial, compare its verdict.

#include "harness/cli/replay_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "harness/cli/strict_integer.hpp"
#include "harness/engine/engine_error.hpp"
#include "harness/engine/error_status.hpp"
#include "harness/engine/exit_status.hpp"
#include "harness/engine/plan.hpp"
#include "harness/engine/target_choice.hpp"
#include "harness/engine/trial_runner.hpp"
#include "harness/results/result_store.hpp"
#include "harness/results/store_error.hpp"
#include "harness/scenario/scenario_parser.hpp"
#include "rig/rig_error.hpp"
#include "yaml/input_error.hpp"

namespace nk3::cli {

namespace {

namespace fs = std::filesystem;
using namespace nk3::engine;

struct Options {
    std::string dir;
    std::uint64_t trial = 0;
};

int fail(int status, const std::string& message) {
    std::fprintf(stderr, "nk3rig replay: %s\n", message.c_str());
    return status;
}

std::string failing(const results::TrialRecord& r) {
    std::string out;
    for (const auto& c : r.failing_checks())
        out += (out.empty() ? "" : ", ") + c;
    return out;
}

int replay(const Options& o) {
    std::optional<results::ResultStore> store;
    std::optional<results::TrialRecord> recorded;
    try {
        store.emplace(results::ResultStore::open(o.dir));
        store->for_each_trial([&](const results::TrialRecord& t) {
            if (t.plan_index == o.trial) recorded = t;
        });
    } catch (const results::StoreError& e) {  // not a run, damaged, or changed outside nk3rig
        return fail(*exit_status_for(e), e.what());
    }
    const results::RunInfo info = store->info();

    const fs::path copy = fs::path(o.dir) / "scenario.yaml";
    scenario::Scenario sc;
    try {
        sc = scenario::load_scenario(fs::exists(copy) ? copy : fs::path(info.scenario_file));
    } catch (const yaml::InputError& e) {
        return fail(kExitBadInput, e.what());
    }
    const fs::path images = fs::path(o.dir) / ("replay-" + std::to_string(o.trial));
    std::printf("nk3rig replay: trial %llu of %s (%s on %s, seed %llu)\n",
                static_cast<unsigned long long>(o.trial), o.dir.c_str(), sc.name.c_str(),
                info.target.c_str(), static_cast<unsigned long long>(info.seed));
    try {
        auto factory = make_target_factory(info.target, info.seed);
        auto target = factory();
        TrialRunner runner(sc, *target, info.seed, o.dir);
        runner.set_trace([](const std::string& line) { std::printf("  %s\n", line.c_str()); });
        runner.prepare();
        runner.set_trace(nullptr);
        const Plan plan(sc.fault, runner.plan_inputs());
        if (plan.size() != info.plan_size)
            return fail(kExitRigFailed, "the plan now has " + std::to_string(plan.size()) +
                                            " trials, the run had " +
                                            std::to_string(info.plan_size) +
                                            " (scenario, profile or rig changed)");
        if (o.trial >= plan.size())
            return fail(kExitBadInput, "no trial " + std::to_string(o.trial) + ": the plan has " +
                                           std::to_string(plan.size()) + " (0.." +
                                           std::to_string(plan.size() - 1) + ")");
        const TrialSpec spec = plan.at(o.trial);
        std::printf("trial %llu: %s\n", static_cast<unsigned long long>(o.trial),
                    describe(spec).c_str());
        if (runner.simulated()) {
            std::printf("operation under test: %llu flash operations, from absolute index %llu\n",
                        static_cast<unsigned long long>(runner.dry_run().op_count()),
                        static_cast<unsigned long long>(runner.dry_run().first_op));
            fs::create_directories(images);
            runner.set_image_dir(images);
        }
        runner.set_trace([](const std::string& line) { std::printf("  %s\n", line.c_str()); });
        const results::TrialRecord now = runner.run(spec);
        std::printf("verdict: %s%s\n", now.verdict.c_str(),
                    now.reason.empty() ? "" : (" (" + now.reason + ")").c_str());
        if (runner.simulated())
            std::printf(
                "flash images: %s/before (at the start of the request the cut lands in), "
                "%s/after-recovery (after the boot, before the checks)\n",
                images.c_str(), images.c_str());
        if (!recorded) {
            std::printf("the run has no record of trial %llu (interrupted or another shard)\n",
                        static_cast<unsigned long long>(o.trial));
            return kExitPass;
        }
        const bool same = recorded->verdict == now.verdict &&
                          recorded->failing_checks() == now.failing_checks() &&
                          recorded->fault == now.fault;
        if (same) {
            std::printf(
                "same verdict as recorded: %s%s\n", recorded->verdict.c_str(),
                recorded->verdict == "pass" ? "" : (" (" + failing(*recorded) + ")").c_str());
            return kExitPass;
        }
        std::printf(
            "DIFFERS from the recorded verdict: recorded %s (%s; fault %s), replayed %s "
            "(%s; fault %s): a determinism bug\n",
            recorded->verdict.c_str(), failing(*recorded).c_str(), recorded->fault.c_str(),
            now.verdict.c_str(), failing(now).c_str(), now.fault.c_str());
        return kExitRigFailed;
    } catch (const std::exception& e) {
        const auto status = exit_status_for(e);
        if (!status) throw;
        return fail(*status, e.what());
    }
}

}  // namespace

void add_replay_command(CLI::App& app, int& exit_status) {
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "replay",
        "Re-run one trial of a run (same scenario, target and seed), print its event trace "
        "(requests, flash operations, the cut, the boot, each check), write the flash images "
        "before the cut and after recovery into DIR/replay-TRIAL/, and compare the verdict with "
        "the recorded one. Exit status: 0 same verdict, 2 bad input, 3 the rig failed or the "
        "verdict differs (a determinism bug)");
    cmd->add_option("dir", o->dir, "Run directory (nk3rig run --out)")->required();
    add_integer_option(*cmd, "trial", o->trial,
                       "Plan index of the trial (trials.csv, first column)")
        ->required();
    cmd->callback([o, &exit_status] { exit_status = replay(*o); });
}

}  // namespace nk3::cli
