// `nk3rig bench check`: the bench check procedure of rig/bench, printed step by step.
#include "harness/cli/bench_check_command.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include "rig/bench/bench_check.hpp"
#include "rig/bench/parse_bench.hpp"
#include "rig/rig_error.hpp"
#include "yaml/input_error.hpp"

namespace nk3::cli {

namespace {

const char* status_text(rig::bench::CheckStep::Status s) {
    using S = rig::bench::CheckStep::Status;
    switch (s) {
        case S::ok:
            return "ok";
        case S::failed:
            return "FAILED";
        case S::skipped:
            return "skipped";
        case S::note:
            return "note";
    }
    return "?";
}

int run(const std::string& path) {
    rig::bench::Bench bench;
    try {
        bench = rig::bench::load_bench(path);
    } catch (const yaml::InputError& e) {
        std::fprintf(stderr, "nk3rig bench check: %s\n", e.what());
        return 2;
    }
    std::printf("bench %s (%s)\n", bench.name.c_str(), path.c_str());
    if (!bench.about.empty()) std::printf("  %s\n", bench.about.c_str());
    std::fflush(stdout);
    int failed = 0;
    bool ok = false;
    try {
        ok = rig::bench::run_bench_check(
            bench, rig::bench::bench_check_env(bench), [&](const rig::bench::CheckStep& step) {
                if (step.status == rig::bench::CheckStep::Status::failed) ++failed;
                std::printf("%-22s %-7s %s\n", step.name.c_str(), status_text(step.status),
                            step.detail.c_str());
                std::fflush(stdout);
            });
    } catch (const rig::RigError& e) {
        std::printf("%-22s %-7s %s\n", "bench", "FAILED", e.what());
        ++failed;
    }
    if (ok) {
        std::printf("bench check: every step ok\n");
        return 0;
    }
    std::printf("bench check: %d step%s FAILED: this bench cannot run campaigns as it is\n", failed,
                failed == 1 ? "" : "s");
    return 3;
}

}  // namespace

void add_bench_check_command(CLI::App& app, int& exit_status) {
    auto* bench =
        app.add_subcommand("bench", "Real benches: check that a bench file's hardware works");
    bench->require_subcommand(1);
    auto path = std::make_shared<std::string>();
    auto* cmd = bench->add_subcommand(
        "check",
        "Toggle the bench's power switch, see VBUS on the probe, see the key leave and enumerate "
        "again (hardware/*.yaml, docs/bench.md)");
    cmd->add_option("BENCH", *path, "Bench file (YAML)")->required();
    cmd->callback([path, &exit_status] { exit_status = run(*path); });
}

}  // namespace nk3::cli
