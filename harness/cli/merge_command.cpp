// `nk3rig merge`: ResultStore::merge, the files, and the summary table of the whole run.

#include "harness/cli/merge_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "harness/cli/report_tool.hpp"
#include "harness/engine/error_status.hpp"
#include "harness/engine/exit_status.hpp"
#include "harness/engine/summary_table.hpp"
#include "harness/results/result_store.hpp"
#include "harness/results/store_error.hpp"
#include "harness/scenario/scenario_parser.hpp"
#include "yaml/input_error.hpp"

namespace nk3::cli {

namespace {

namespace fs = std::filesystem;

struct Options {
    std::string out;
    std::vector<std::string> shards;
    bool no_report = false;
};

// The summary table of the merged run, read back from its database.
engine::SummaryTable merged_table(const results::ResultStore& store, const fs::path& copy) {
    std::vector<std::string> checks;
    try {
        if (fs::exists(copy)) checks = scenario::load_scenario(copy).checks;
    } catch (const yaml::InputError&) {
    }
    if (checks.empty())  // the checks of the first trial, in the order they ran
        store.for_each_trial([&checks](const results::TrialRecord& t) {
            if (!checks.empty()) return;
            for (const auto& c : t.checks)
                checks.push_back(c.check);
        });
    return engine::summarize(store, checks, store.info().target);
}

int merge(const Options& o) {
    std::vector<fs::path> dirs(o.shards.begin(), o.shards.end());
    try {
        {
            auto store = results::ResultStore::merge(dirs, o.out);
            store.write_csv();
            store.write_summary();
            // The scenario travels with the run (replay and --resume read it from there).
            const fs::path copy = dirs.front() / "scenario.yaml";
            if (fs::exists(copy))
                fs::copy_file(copy, fs::path(o.out) / "scenario.yaml",
                              fs::copy_options::overwrite_existing);
            const auto table = merged_table(store, fs::path(o.out) / "scenario.yaml");
            std::printf("nk3rig merge: %zu shard(s), %zu trials of %llu into %s\n\n%s\n%s\n",
                        dirs.size(), table.trials,
                        static_cast<unsigned long long>(store.info().plan_size), o.out.c_str(),
                        table.table.c_str(), table.conclusion.c_str());
        }  // the store is closed (checkpointed) before the renderer reads it
        if (!o.no_report) render_report("nk3rig merge", o.out);  // as for a run
        std::fflush(stdout);
        return engine::kExitPass;
    } catch (const results::StoreError& e) {
        std::fprintf(stderr, "nk3rig merge: %s\n", e.what());
        return *engine::exit_status_for(e);
    } catch (const fs::filesystem_error& e) {
        std::fprintf(stderr, "nk3rig merge: %s\n", e.what());
        return engine::kExitRigFailed;
    }
}

}  // namespace

void add_merge_command(CLI::App& app, int& exit_status) {
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "merge",
        "Combine the run directories of the shards of one run (nk3rig run --shard I/N) into OUT: "
        "every trial, trials.csv, summary.json, then report.html and junit.xml. Exit status: 0 "
        "merged, 2 not shards of one run "
        "(or OUT already holds a run), 3 the files could not be written");
    cmd->add_option("out", o->out, "Run directory to create")->required();
    cmd->add_option("shards", o->shards, "The shards' run directories")->required();
    cmd->add_flag("--no-report", o->no_report,
                  "Do not render OUT/report.html and OUT/junit.xml (`nk3rig report OUT` later)");
    cmd->callback([o, &exit_status] { exit_status = merge(*o); });
}

}  // namespace nk3::cli
