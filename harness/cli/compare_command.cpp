// `nk3rig compare`: hands both run directories to `python -m nk3report compare`.

#include "harness/cli/compare_command.hpp"

#include <memory>
#include <string>

#include "harness/cli/readable_run.hpp"
#include "harness/cli/report_tool.hpp"

namespace nk3::cli {

namespace {

struct Options {
    std::string base;
    std::string fresh;
};

}  // namespace

void add_compare_command(CLI::App& app, int& exit_status) {
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "compare",
        "Compare two runs of the same scenario: failures by check and cut mode side by side, the "
        "cut points that newly fail and those that newly pass. Exit status: 0 NEW is no worse "
        "than BASE, 1 NEW is worse, 2 bad input (not a run directory, different scenarios)");
    cmd->add_option("base", o->base, "The earlier run's directory")->required();
    cmd->add_option("new", o->fresh, "The later run's directory")->required();
    cmd->callback([o, &exit_status] {
        for (const auto* dir : {&o->base, &o->fresh})
            if ((exit_status = check_readable_run(*dir, "nk3rig compare")) != 0) return;
        exit_status = run_report_tool("nk3rig compare", {"compare", o->base, o->fresh});
    });
}

}  // namespace nk3::cli
