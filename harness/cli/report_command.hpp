#pragma once
// `nk3rig report DIR [-o FILE]`: (re)render a run directory's report.html and junit.xml from its
// results.sqlite (reports/nk3report, docs/reports.md).

#include <CLI/CLI.hpp>

namespace nk3::cli {

// Exit status: 0 written, 2 DIR is not a run directory (or FILE cannot be a report path),
// 3 the renderer could not run (interpreter or plotting library missing).
void add_report_command(CLI::App& app, int& exit_status);

}  // namespace nk3::cli
