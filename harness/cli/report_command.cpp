// `nk3rig report`: hands the run directory to `python -m nk3report render`.

#include "harness/cli/report_command.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/cli/readable_run.hpp"
#include "harness/cli/report_tool.hpp"

namespace nk3::cli {

namespace {

struct Options {
    std::string dir;
    std::string out;
};

// Why the report must not be renamed over `path` (the renderer writes a temporary file next to
// it and renames it into place, which would replace a device node, a link or a fifo), or
// nothing: a path that does not exist yet or a regular file is fine.
std::optional<std::string> not_a_report_path(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(path, ec);
    switch (st.type()) {
        case fs::file_type::not_found:
        case fs::file_type::regular:
            return std::nullopt;
        case fs::file_type::symlink:
            return std::string("is a symbolic link; give the file it points to or a new path");
        case fs::file_type::directory:
            return std::string("is a directory; give a file name");
        default:
            return std::string(
                "is not a regular file (a device, fifo or socket); the report is written only "
                "to a regular file or a new path");
    }
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_status) {
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "report",
        "(Re)render DIR/report.html (self-contained HTML with plots) and DIR/junit.xml from the "
        "run's results.sqlite; the trend view lists earlier runs of the same scenario and target "
        "found next to DIR. Exit status: 0 written, 2 DIR is not a run directory (or one changed "
        "outside nk3rig) or -o is not a regular file, 3 the "
        "renderer could not run");
    cmd->add_option("dir", o->dir, "Run directory (nk3rig run --out)")->required();
    cmd->add_option("-o,--output", o->out,
                    "Write the HTML report here instead of DIR/report.html: a new path or an "
                    "existing regular file (never a link, device, fifo or directory)")
        ->check([](const std::string& text) {
            return text.empty() ? std::string("must not be empty") : std::string();
        });
    cmd->callback([o, &exit_status] {
        if ((exit_status = check_readable_run(o->dir, "nk3rig report")) != 0) return;
        if (!o->out.empty()) {
            if (const auto why = not_a_report_path(o->out)) {
                std::fprintf(stderr, "nk3rig report: -o %s: %s\n", o->out.c_str(), why->c_str());
                exit_status = 2;
                return;
            }
        }
        std::vector<std::string> args{"render", o->dir};
        if (!o->out.empty()) args.insert(args.end(), {"-o", o->out});
        exit_status = run_report_tool("nk3rig report", args);
    });
}

}  // namespace nk3::cli
