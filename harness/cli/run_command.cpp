// `nk3rig run`: options, the run directory (new or resumed), SIGINT, the campaign, the files
// and the summary table.

#include "harness/cli/run_command.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "crypto/sha.hpp"
#include "harness/engine/campaign.hpp"
#include "harness/engine/engine_error.hpp"
#include "harness/engine/error_status.hpp"
#include "harness/engine/exit_status.hpp"
#include "harness/engine/progress_printer.hpp"
#include "harness/engine/shard.hpp"
#include "harness/engine/summary_table.hpp"
#include "harness/engine/target_choice.hpp"
#include "harness/engine/trial_spec.hpp"
#include "harness/results/result_store.hpp"
#include "harness/results/store_error.hpp"
#include "harness/results/utc_timestamp.hpp"
#include "harness/scenario/scenario_parser.hpp"
#include "rig/rig_error.hpp"
#include "yaml/input_error.hpp"

namespace nk3::cli {

namespace {

namespace fs = std::filesystem;
using namespace nk3::engine;

std::atomic<bool> g_stop{false};

extern "C" void on_sigint(int) {
    g_stop = true;
    std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

struct Options {
    std::string scenario;
    std::string target;
    std::string bench;
    std::string out;
    int jobs = 1;
    std::uint64_t seed = 1;
    bool seed_given = false;
    bool resume = false;
    std::string shard;
};

int fail(int status, const std::string& message) {
    std::fprintf(stderr, "nk3rig run: %s\n", message.c_str());
    return status;
}

std::string file_sha256(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    const auto digest = crypto::sha256(
        crypto::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (auto b : digest) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

std::string host_name() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) return "";
    return buf;
}

int run(Options o) {
    std::optional<results::ResultStore> store;
    fs::path scenario_path = o.scenario;
    std::string spec;
    Shard shard;
    if (!o.shard.empty()) {
        std::string why;
        auto s = parse_shard(o.shard, &why);
        if (!s) return fail(kExitBadInput, "--shard " + o.shard + ": " + why);
        shard = *s;
    }
    if (o.jobs < 1) return fail(kExitBadInput, "--jobs must be at least 1");
    if (!o.bench.empty() && !o.target.empty())
        return fail(kExitBadInput, "give --target or --bench, not both");

    if (o.resume) {
        if (o.out.empty())
            return fail(kExitBadInput, "--resume needs --out DIR (the run to continue)");
        try {
            store.emplace(results::ResultStore::open(o.out));
        } catch (const results::StoreError& e) {
            return fail(*exit_status_for(e), e.what());
        }
        const auto& info = store->info();
        spec = info.target;
        const std::string wanted = !o.bench.empty() ? "bench:" + o.bench : o.target;
        if (!wanted.empty() && wanted != spec)
            return fail(kExitBadInput,
                        "--resume: the run in " + o.out + " is on " + spec + ", not " + wanted);
        if (o.seed_given && o.seed != info.seed)
            return fail(kExitBadInput,
                        "--resume: the run in " + o.out + " has seed " + std::to_string(info.seed));
        if (!o.shard.empty() &&
            (shard.index != info.shard_index || shard.count != info.shard_count))
            return fail(kExitBadInput, "--resume: the run in " + o.out + " is shard " +
                                           Shard{info.shard_index, info.shard_count}.text());
        o.seed = info.seed;
        shard = {info.shard_index, info.shard_count};
        const fs::path copy = fs::path(o.out) / "scenario.yaml";
        scenario_path = fs::exists(copy) ? copy : fs::path(info.scenario_file);
    }

    scenario::Scenario sc;
    try {
        sc = scenario::load_scenario(scenario_path);
    } catch (const yaml::InputError& e) {
        return fail(kExitBadInput, e.what());
    }
    if (!o.resume)
        spec = !o.bench.empty() ? "bench:" + o.bench : !o.target.empty() ? o.target : sc.target;
    if (spec.empty())
        return fail(kExitBadInput, sc.source + ": no target: give --target or --bench");
    if (spec.rfind("bench:", 0) == 0 && needs_simulator(sc.fault.kind))
        return fail(kExitBadInput, sc.source + ": " + plan_refusal(sc.fault.kind, spec));
    if (o.out.empty()) o.out = default_run_dir(sc.name, spec);

    CampaignOptions copts;
    copts.jobs = o.jobs;
    copts.shard = shard;
    copts.seed = o.seed;
    copts.run_dir = o.out;
    copts.stop = &g_stop;
    ProgressPrinter progress(stderr);
    copts.progress = [&](const CampaignProgress& p) { progress.update(p); };

    std::optional<Campaign> campaign;
    const Plan* plan = nullptr;
    try {
        campaign.emplace(sc, make_target_factory(spec, o.seed), copts);
        plan = &campaign->plan();
    } catch (const std::exception& e) {
        const auto status = exit_status_for(e);
        if (!status) throw;
        return fail(*status, e.what());
    }

    if (!store) {
        results::RunInfo info;
        info.scenario = sc.name;
        info.scenario_file = scenario_path.string();
        info.scenario_sha256 = file_sha256(scenario_path);
        info.target = spec;
        info.profile = campaign->first_target().profile;
        info.firmware = campaign->first_target().firmware;
        info.seed = o.seed;
        info.plan = std::string(plan_name(sc.fault.kind));
        info.plan_size = plan->size();
        info.shard_index = shard.index;
        info.shard_count = shard.count;
        info.rig_version = "nk3rig 0.1.0";
        info.host = host_name();
        info.started = results::utc_timestamp_now();
        try {
            store.emplace(results::ResultStore::create(o.out, info));
            fs::copy_file(scenario_path, fs::path(o.out) / "scenario.yaml",
                          fs::copy_options::overwrite_existing);
        } catch (const results::StoreError& e) {
            return fail(*exit_status_for(e), e.what());
        } catch (const fs::filesystem_error& e) {
            return fail(kExitRigFailed, e.what());
        }
    } else if (store->info().plan_size != plan->size()) {
        return fail(kExitRigFailed, "--resume: the plan now has " + std::to_string(plan->size()) +
                                        " trials, the run in " + o.out + " had " +
                                        std::to_string(store->info().plan_size) +
                                        " (scenario, profile or rig changed)");
    }

    std::printf("nk3rig run: %s on %s, seed %llu%s\n  %s\n  %d job(s); results in %s\n",
                sc.name.c_str(), spec.c_str(), static_cast<unsigned long long>(o.seed),
                shard.count > 1 ? (", shard " + shard.text()).c_str() : "",
                plan->describe().c_str(), o.jobs, o.out.c_str());
    std::fflush(stdout);

    const auto already = store->recorded_indexes();
    if (o.resume) std::printf("  resuming: %zu trials already recorded\n", already.size());
    g_stop = false;
    auto* previous = std::signal(SIGINT, on_sigint);
    CampaignResult result;
    int status = kExitPass;
    std::string error;
    try {
        result = campaign->run(*store, already);
    } catch (const rig::RigError& e) {
        error = e.what();
    } catch (const DeterminismError& e) {
        error = e.what();
    } catch (const results::StoreError& e) {
        error = e.what();
    }
    std::signal(SIGINT, previous == SIG_ERR ? SIG_DFL : previous);
    progress.finish({result.ran, result.ran, result.failed, result.elapsed});

    const bool interrupted = !error.empty() || result.interrupted;
    try {
        store->set_status(interrupted ? results::RunStatus::interrupted
                                      : results::RunStatus::complete);
        store->write_csv();
        store->write_summary();
    } catch (const results::StoreError& e) {
        return fail(kExitRigFailed, std::string("could not write the results: ") + e.what());
    }
    const auto trials = store->trials();
    const SummaryTable table = summarize(trials, sc.checks, spec);
    std::printf("\n%s\n%s\n", table.table.c_str(), table.conclusion.c_str());
    const double secs = std::chrono::duration<double>(result.elapsed).count();
    std::printf(
        "ran %llu trials in %.2f s (%.0f trials/s, %d worker(s)); %s/trials.csv, "
        "%s/summary.json\n",
        static_cast<unsigned long long>(result.ran), secs,
        secs > 0 ? static_cast<double>(result.ran) / secs : 0.0, result.workers, o.out.c_str(),
        o.out.c_str());
    if (!error.empty()) {
        std::printf("stopped: %s\n", error.c_str());
        std::fflush(stdout);
        return fail(kExitRigFailed, error);
    }
    if (result.interrupted) {
        std::printf(
            "interrupted: %zu of %llu trials of this run recorded; continue with: "
            "nk3rig run %s --out %s --resume\n",
            trials.size(), static_cast<unsigned long long>(plan->size()),
            scenario_path.string().c_str(), o.out.c_str());
        std::fflush(stdout);
        return kExitInterrupted;
    }
    std::fflush(stdout);
    status = table.failed > 0 ? kExitChecksFailed : kExitPass;
    return status;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_status) {
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "run",
        "Run a campaign: the scenario's setup once, a dry run of the operation under test, then "
        "one trial per point of the fault plan (flash-sweep, nested, time-sweep, random), each "
        "from the snapshot after the setup: cut the power, bring it back, run the checks. Each "
        "trial is committed to DIR/results.sqlite as it ends; trials.csv and summary.json at the "
        "end or on SIGINT. Exit status: 0 all trials passed, 1 some check failed, 2 bad input, "
        "3 the rig could not run, 130 interrupted (continue with --resume). See docs/engine.md");
    cmd->add_option("scenario", o->scenario, "Scenario file (scenarios/*.yaml)")->required();
    cmd->add_option("--target", o->target,
                    "sim:PROFILE (e.g. sim:nk3am-1.3.0) or sim:FILE.yaml; default: the "
                    "scenario's target");
    cmd->add_option("--bench", o->bench, "Bench file (hardware/*.yaml): a real key on a bench");
    cmd->add_option("--out", o->out,
                    "Run directory (default runs/<scenario>-<target>-<UTC time>); with --resume "
                    "the run to continue");
    cmd->add_option("--jobs,-j", o->jobs, "Parallel workers, each with its own simulated key")
        ->capture_default_str();
    auto* seed = cmd->add_option("--seed", o->seed,
                                 "Seed of the keys' randomness, torn writes and random plans")
                     ->capture_default_str();
    cmd->add_flag("--resume", o->resume,
                  "Continue the interrupted run in --out DIR: run only the trials it lacks");
    cmd->add_option("--shard", o->shard,
                    "I/N: run only plan indexes with index % N == I-1 (1-based I); combine the "
                    "shards' directories with `nk3rig merge`");
    cmd->callback([o, seed, &exit_status] {
        o->seed_given = seed->count() > 0;
        exit_status = run(*o);
    });
}

}  // namespace nk3::cli
