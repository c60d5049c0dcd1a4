#include "harness/cli/storage_sweep_command.hpp"

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "harness/cli/strict_integer.hpp"
#include "sweep/power_cut_sweep.hpp"
#include "sweep/stack_presets.hpp"

namespace nk3::cli {

namespace {

struct Options {
    std::vector<std::string> stacks;
    std::string workload = "fido-like";
    std::vector<std::string> modes{"before", "torn", "after"};
    std::uint64_t seed = 1;
    bool nested = false;
    std::size_t show = 3;
};

std::string mode_list(const std::vector<flash::CutMode>& modes) {
    std::string s;
    for (auto m : modes)
        s += (s.empty() ? "" : "/") + std::string(flash::to_string(m));
    return s;
}

int run(const Options& o) {
    std::vector<const sweep::StackPreset*> presets;
    if (o.stacks.empty()) {
        for (const auto& p : sweep::stack_presets())
            presets.push_back(&p);
    } else {
        for (const auto& name : o.stacks)
            presets.push_back(sweep::find_stack_preset(name));
    }
    std::vector<flash::CutMode> modes;
    for (const auto& m : o.modes)
        modes.push_back(*flash::parse_cut_mode(m));

    std::printf("Power-cut sweep of the simulated NK3 flash stack\n");
    std::printf("workload %s, cut at every flash operation, modes %s, seed %llu%s\n\n",
                o.workload.c_str(), mode_list(modes).c_str(),
                static_cast<unsigned long long>(o.seed),
                o.nested ? ", plus a second cut at every operation of each recovery" : "");
    std::printf("%-24s %10s %8s %8s %8s %12s %6s %6s %10s\n", "stack", "cut points", "trials",
                "nested", "damaged", "unmountable", "data", "fsck", "collateral");

    struct Row {
        const sweep::StackPreset* preset;
        sweep::SweepReport report;
        double seconds;
    };
    std::vector<Row> rows;
    for (const auto* preset : presets) {
        const std::uint32_t block = preset->config.block_size();
        sweep::SweepConfig config;
        config.stack = preset->config;
        config.workload =
            o.workload == "small" ? sweep::small_workload(block) : sweep::fido_like_workload(block);
        config.modes = modes;
        config.seed = o.seed;
        config.nested = o.nested;
        const auto t0 = std::chrono::steady_clock::now();
        sweep::PowerCutSweep sweep(config);
        auto report = sweep.run();
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        auto count = [&](sweep::FailureClass c) {
            auto it = report.by_class.find(c);
            return it == report.by_class.end() ? std::size_t{0} : it->second;
        };
        std::printf("%-24s %10llu %8zu %8zu %8zu %12zu %6zu %6zu %10zu\n", preset->name.c_str(),
                    static_cast<unsigned long long>(report.cut_points()), report.trials,
                    report.nested_trials, report.failed, count(sweep::FailureClass::unmountable),
                    count(sweep::FailureClass::data),
                    count(sweep::FailureClass::fsck) + count(sweep::FailureClass::unwritable),
                    report.collateral);
        std::fflush(stdout);
        rows.push_back({preset, std::move(report), secs});
    }

    std::printf("\n");
    std::size_t trials = 0;
    double seconds = 0;
    for (const auto& row : rows) {
        trials += row.report.trials;
        seconds += row.seconds;
        std::printf("%s: %s\n", row.preset->name.c_str(), row.preset->about.c_str());
        if (row.report.failed == 0) {
            std::printf("  every trial passed: mounts, each file old or new, fsck clean\n");
            continue;
        }
        std::printf("  %zu of %zu trials damaged the filesystem, e.g.:\n", row.report.failed,
                    row.report.trials);
        for (std::size_t i = 0; i < std::min(o.show, row.report.failures.size()); ++i) {
            const auto& f = row.report.failures[i];
            std::printf("  - cut %s flash op #%llu",
                        std::string(flash::to_string(f.first.mode)).c_str(),
                        static_cast<unsigned long long>(f.first.op_index));
            if (f.second)
                std::printf(", then %s op #%llu of the recovery",
                            std::string(flash::to_string(f.second->mode)).c_str(),
                            static_cast<unsigned long long>(f.second->op_index));
            std::printf(" during '%s': %s\n", f.in_flight.c_str(), f.reason.c_str());
        }
    }
    std::printf("\n%zu trials in %.2f s (%.0f trials/s on one core)\n", trials, seconds,
                seconds > 0 ? static_cast<double>(trials) / seconds : 0.0);
    return 0;
}

}  // namespace

void add_storage_sweep_command(CLI::App& app, int& exit_status) {
    auto options = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "storage-sweep",
        "Exhaustive power-cut sweep of the simulated flash stack (NOR flash, translation layer, "
        "filesystem), without CTAP: one trial per flash operation and cut mode");
    std::vector<std::string> names;
    for (const auto& p : sweep::stack_presets())
        names.push_back(p.name);
    cmd->add_option("--stack", options->stacks,
                    "Storage stack(s) to sweep (repeatable; default: all)")
        ->check(CLI::IsMember(names));
    cmd->add_option("--workload", options->workload,
                    "fido-like (13 operations on FIDO-like files) or small (4 operations)")
        ->check(CLI::IsMember({"fido-like", "small"}))
        ->capture_default_str();
    cmd->add_option("--modes", options->modes, "Cut modes: before, torn, after")
        ->check(CLI::IsMember({"before", "torn", "after"}))
        ->delimiter(',')
        ->capture_default_str();
    add_integer_option(*cmd, "--seed", options->seed, "Seed of what torn operations leave behind");
    cmd->add_flag("--nested", options->nested,
                  "Also cut a second time at every flash operation of the recovery (depth 2)");
    add_integer_option(*cmd, "--show", options->show, "Failing trials to print per stack");
    cmd->callback([options, &exit_status] { exit_status = run(*options); });
}

}  // namespace nk3::cli
