// One campaign: checking its input, then running it to its files, table and report.

#include "harness/cli/single_run.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "crypto/sha.hpp"
#include "harness/cli/report_tool.hpp"
#include "harness/engine/campaign.hpp"
#include "harness/engine/engine_error.hpp"
#include "harness/engine/error_status.hpp"
#include "harness/engine/exit_status.hpp"
#include "harness/engine/progress_printer.hpp"
#include "harness/engine/summary_table.hpp"
#include "harness/engine/target_choice.hpp"
#include "harness/engine/trial_spec.hpp"
#include "harness/results/store_error.hpp"
#include "harness/results/utc_timestamp.hpp"
#include "harness/scenario/scenario_parser.hpp"
#include "rig/rig_error.hpp"
#include "yaml/input_error.hpp"

namespace nk3::cli {

namespace {

namespace fs = std::filesystem;
using namespace nk3::engine;

int fail(int status, const std::string& message) {
    std::fprintf(stderr, "nk3rig run: %s\n", message.c_str());
    return status;
}

std::string file_sha256(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    const auto digest = crypto::sha256(crypto::as_bytes(text));
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

// Why `dir` cannot become a run directory (its nearest existing ancestor, following links, is
// not a directory), or nothing.
std::optional<std::string> unusable_run_dir(const fs::path& dir) {
    std::error_code ec;
    for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
        const fs::file_status link = fs::symlink_status(p, ec);
        if (link.type() == fs::file_type::not_found) {
            if (p == p.parent_path()) break;
            continue;
        }
        const fs::file_status target = fs::status(p, ec);
        const std::string what = p == dir ? "it" : p.string();
        switch (target.type()) {
            case fs::file_type::directory:
                return std::nullopt;
            case fs::file_type::not_found:
                return what + " is a dangling symbolic link, not a directory";
            case fs::file_type::regular:
                return what + " is a file, not a directory";
            case fs::file_type::fifo:
                return what + " is a fifo, not a directory";
            default:
                return what + " is not a directory";
        }
    }
    return std::nullopt;
}

// Opens the run to continue and checks that what was asked agrees with it.
int open_for_resume(const RunOptions& o, CheckedRun& run, fs::path& scenario_path) {
    if (o.out.empty()) return fail(kExitBadInput, "--resume needs --out DIR (the run to continue)");
    try {
        run.store.emplace(results::ResultStore::open(o.out));
        run.lock.emplace(o.out);  // refuses a run another nk3rig is still writing
        run.store->verify();      // refuses rows changed outside nk3rig
    } catch (const results::StoreError& e) {
        return fail(*exit_status_for(e), e.what());
    }
    const auto& info = run.store->info();
    run.spec = info.target;
    const std::string wanted = requested_spec(o);
    if (!wanted.empty() && wanted != run.spec)
        return fail(kExitBadInput,
                    "--resume: the run in " + o.out + " is on " + run.spec + ", not " + wanted);
    if (o.seed_given && o.seed != info.seed)
        return fail(kExitBadInput,
                    "--resume: the run in " + o.out + " has seed " + std::to_string(info.seed));
    if (!o.shard.empty() &&
        (run.shard.index != info.shard_index || run.shard.count != info.shard_count))
        return fail(kExitBadInput, "--resume: the run in " + o.out + " is shard " +
                                       Shard{info.shard_index, info.shard_count}.text());
    run.seed = info.seed;
    run.shard = {info.shard_index, info.shard_count};
    const fs::path copy = fs::path(o.out) / "scenario.yaml";
    scenario_path = fs::exists(copy) ? copy : fs::path(info.scenario_file);
    return 0;
}

// A new run directory for a run that has not started.
results::RunInfo new_run_info(const CheckedRun& run, Campaign& campaign, const Plan& plan) {
    results::RunInfo info;
    info.scenario = run.scenario.name;
    info.scenario_file = run.scenario_path.string();
    info.scenario_sha256 = file_sha256(run.scenario_path);
    info.target = run.spec;
    info.profile = campaign.first_target().profile;
    info.firmware = campaign.first_target().firmware;
    info.seed = run.seed;
    info.plan = std::string(plan_name(run.scenario.fault.kind));
    info.plan_size = plan.size();
    info.shard_index = run.shard.index;
    info.shard_count = run.shard.count;
    info.rig_version = "nk3rig 0.1.0";
    info.host = host_name();
    info.started = results::utc_timestamp_now();
    return info;
}

// The outcome of a run whose trials are recorded, as its summary table counts them.
RunOutcome outcome_of(const SummaryTable& table, bool complete) {
    RunOutcome outcome;
    outcome.recorded = true;
    outcome.trials = table.trials;
    outcome.failed = table.failed;
    outcome.conclusion = table.verdict;
    outcome.status = !complete          ? kExitInterrupted
                     : table.failed > 0 ? kExitChecksFailed
                                        : kExitPass;
    return outcome;
}

RunOutcome stopped(int status, const std::string& why, const CheckedRun& run) {
    fail(status, why);
    RunOutcome outcome;
    outcome.status = status;
    outcome.conclusion = why;
    if (run.store) {
        outcome.recorded = true;
        outcome.trials = run.store->trial_count();
    }
    return outcome;
}

}  // namespace

int check_options(const RunOptions& o, engine::Shard& shard) {
    if (!o.shard.empty()) {
        std::string why;
        auto s = parse_shard(o.shard, &why);
        if (!s) return fail(kExitBadInput, "--shard " + o.shard + ": " + why);
        shard = *s;
    }
    if (o.jobs < 1) return fail(kExitBadInput, "--jobs must be at least 1");
    if (!o.bench.empty() && !o.target.empty())
        return fail(kExitBadInput, "give --target or --bench, not both");
    return 0;
}

int check_run(const RunOptions& o, const scenario::Scenario* given, CheckedRun& run) {
    run = CheckedRun{};
    run.out = o.out;
    run.seed = o.seed;
    run.jobs = o.jobs;
    run.report = !o.no_report;
    run.reuse_outcomes = !o.no_reuse;
    fs::path scenario_path = given ? fs::path(given->source) : fs::path(o.scenario);
    if (const int status = check_options(o, run.shard)) return status;
    if (o.resume) {
        if (const int status = open_for_resume(o, run, scenario_path)) return status;
    }

    try {
        run.scenario = given && !o.resume ? *given : scenario::load_scenario(scenario_path);
    } catch (const yaml::InputError& e) {
        return fail(kExitBadInput, e.what());
    }
    run.scenario_path = scenario_path;
    const auto& sc = run.scenario;
    if (!o.resume) run.spec = requested_spec(o).empty() ? sc.target : requested_spec(o);
    if (run.spec.empty())
        return fail(kExitBadInput, sc.source + ": no target: give --target or --bench");
    if (run.spec.rfind("bench:", 0) == 0 && needs_simulator(sc.fault.kind))
        return fail(kExitBadInput, sc.source + ": " + plan_refusal(sc.fault.kind, run.spec));
    try {
        run.factory = make_target_factory(run.spec, run.seed);  // a bad profile or bench file
    } catch (const std::exception& e) {
        const auto status = exit_status_for(e);
        if (!status) throw;
        // Name where the target came from: a suite's member says which file to fix.
        const std::string where = !o.bench.empty()    ? "--bench " + o.bench
                                  : !o.target.empty() ? "--target " + o.target
                                  : o.resume          ? "the run in " + o.out + ": " + run.spec
                                                      : sc.source + ": target " + run.spec;
        return fail(*status, where + ": " + e.what());
    }
    if (run.out.empty()) run.out = default_run_dir(sc.name, run.spec);
    if (!o.resume) {
        if (const auto why = unusable_run_dir(run.out))
            return fail(kExitBadInput, "--out " + run.out + ": " + *why);
    }
    if (!o.resume && results::ResultStore::holds_run(run.out))
        return fail(kExitBadInput, results::ResultStore::already_a_run(run.out).what());
    return 0;
}

RunOutcome execute_run(CheckedRun& run, const std::atomic<bool>& stop) {
    const auto& sc = run.scenario;
    CampaignOptions copts;
    copts.jobs = run.jobs;
    copts.shard = run.shard;
    copts.seed = run.seed;
    copts.run_dir = run.out;
    copts.reuse_outcomes = run.reuse_outcomes;
    copts.stop = &stop;
    ProgressPrinter progress(stderr);
    copts.progress = [&](const CampaignProgress& p) { progress.update(p); };

    std::optional<Campaign> campaign;
    const Plan* plan = nullptr;
    try {
        campaign.emplace(sc, run.factory, copts);
        plan = &campaign->plan();
    } catch (const std::exception& e) {
        const auto status = exit_status_for(e);
        if (!status) throw;
        return stopped(*status, e.what(), run);
    }
    if (stop)  // SIGINT during the setup or the dry run: nothing new to record
        return stopped(kExitInterrupted, "interrupted before the first trial", run);

    const bool resuming = run.store.has_value();
    if (!run.store) {
        try {
            std::error_code made;
            // Owner-only when created here (create() reports what went wrong).
            if (fs::create_directories(run.out, made))
                fs::permissions(run.out, fs::perms::owner_all, fs::perm_options::replace, made);
            if (!made && fs::is_directory(run.out)) run.lock.emplace(run.out);
            run.store.emplace(
                results::ResultStore::create(run.out, new_run_info(run, *campaign, *plan)));
            const fs::path copy = fs::path(run.out) / "scenario.yaml";
            fs::copy_file(run.scenario_path, copy, fs::copy_options::overwrite_existing);
            // copy_file keeps the source's mode; the copy holds the PIN: owner-only.
            fs::permissions(copy, fs::perms::owner_read | fs::perms::owner_write,
                            fs::perm_options::replace);
        } catch (const results::StoreError& e) {
            return stopped(*exit_status_for(e), e.what(), run);
        } catch (const fs::filesystem_error& e) {
            return stopped(kExitRigFailed, e.what(), run);
        }
    } else if (run.store->info().plan_size != plan->size()) {
        return stopped(kExitRigFailed,
                       "--resume: the plan now has " + std::to_string(plan->size()) +
                           " trials, the run in " + run.out + " had " +
                           std::to_string(run.store->info().plan_size) +
                           " (scenario, profile or rig changed)",
                       run);
    }
    results::ResultStore& store = *run.store;

    std::printf("nk3rig run: %s on %s, seed %llu%s\n  %s\n  %d job(s); results in %s\n",
                sc.name.c_str(), run.spec.c_str(), static_cast<unsigned long long>(run.seed),
                run.shard.count > 1 ? (", shard " + run.shard.text()).c_str() : "",
                plan->describe().c_str(), run.jobs, run.out.c_str());
    std::fflush(stdout);

    // The plan indexes already recorded (--resume): 8 bytes per trial held while the run goes.
    const auto already = store.recorded_indexes();
    if (resuming) std::printf("  resuming: %zu trials already recorded\n", already.size());
    CampaignResult result;
    std::string error;
    try {
        result = campaign->run(store, already);
    } catch (const rig::RigError& e) {
        error = e.what();
    } catch (const DeterminismError& e) {
        error = e.what();
    } catch (const results::StoreError& e) {
        error = e.what();
    }
    progress.finish({result.ran, result.ran, result.failed, result.elapsed});

    const bool interrupted = !error.empty() || result.interrupted;
    try {
        store.set_status(interrupted ? results::RunStatus::interrupted
                                     : results::RunStatus::complete);
        store.write_csv();
        store.write_summary();
    } catch (const results::StoreError& e) {
        return stopped(kExitRigFailed, std::string("could not write the results: ") + e.what(),
                       run);
    }
    const SummaryTable table = summarize(store, sc.checks, run.spec);
    std::printf("\n%s\n%s\n", table.table.c_str(), table.conclusion.c_str());
    const double secs = std::chrono::duration<double>(result.elapsed).count();
    std::printf(
        "ran %llu trials in %.2f s (%.0f trials/s, %d worker(s)); %s/trials.csv, "
        "%s/summary.json\n",
        static_cast<unsigned long long>(result.ran), secs,
        secs > 0 ? static_cast<double>(result.ran) / secs : 0.0, result.workers, run.out.c_str(),
        run.out.c_str());
    if (result.timings.reused > 0)
        std::printf(
            "  %llu of them left the key and the host's history as an earlier trial had, byte "
            "for byte: they took its outcome instead of booting and checking again (--no-reuse "
            "checks every one); %llu of those were booted and checked anyway and agreed\n",
            static_cast<unsigned long long>(result.timings.reused),
            static_cast<unsigned long long>(result.timings.rechecked));
    run.store.reset();  // close (checkpoint) the database before the renderer reads it
    if (run.report) render_report("nk3rig run", run.out);

    RunOutcome outcome = outcome_of(table, !interrupted);
    if (!error.empty()) {
        std::printf("stopped: %s\n", error.c_str());
        std::fflush(stdout);
        fail(kExitRigFailed, error);
        outcome.status = kExitRigFailed;
        outcome.conclusion = "stopped: " + error;
        return outcome;
    }
    if (result.interrupted) {
        std::printf(
            "interrupted: %zu of %llu trials of this run recorded; continue with: "
            "nk3rig run %s --out %s --resume\n",
            table.trials, static_cast<unsigned long long>(plan->size()),
            run.scenario_path.string().c_str(), run.out.c_str());
    }
    std::fflush(stdout);
    return outcome;
}

RunOutcome recorded_outcome(const CheckedRun& run) {
    if (!run.store) return RunOutcome{};
    return outcome_of(summarize(*run.store, run.scenario.checks, run.spec),
                      run.store->info().status == results::RunStatus::complete);
}

}  // namespace nk3::cli
