// `nk3rig report`: hands the run directory to `python -m nk3report render`.

#include "harness/cli/report_command.hpp"

#include <memory>
#include <string>
#include <vector>

#include "harness/cli/report_tool.hpp"

namespace nk3::cli {

namespace {

struct Options {
    std::string dir;
    std::string out;
};

}  // namespace

void add_report_command(CLI::App& app, int& exit_status) {
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "report",
        "(Re)render DIR/report.html (self-contained HTML with plots) and DIR/junit.xml from the "
        "run's results.sqlite; the trend view lists earlier runs of the same scenario and target "
        "found next to DIR. Exit status: 0 written, 2 DIR is not a run directory, 3 the "
        "renderer could not run");
    cmd->add_option("dir", o->dir, "Run directory (nk3rig run --out)")->required();
    cmd->add_option("-o,--output", o->out, "Write the HTML report here instead of DIR/report.html");
    cmd->callback([o, &exit_status] {
        std::vector<std::string> args{"render", o->dir};
        if (!o->out.empty()) args.insert(args.end(), {"-o", o->out});
        exit_status = run_report_tool("nk3rig report", args);
    });
}

}  // namespace nk3::cli
