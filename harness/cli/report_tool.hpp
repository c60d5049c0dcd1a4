#pragma once
// The bridge to the report renderer. Reports (report.html with matplotlib plots, junit.xml,
// run-to-run comparison) are written by the Python package `nk3report` in reports/, run by
// Debian's interpreter, because the plotting and templating libraries the project relies on
// (matplotlib, Jinja2) are Python's. The command line stays one binary: `nk3rig report`,
// `nk3rig compare` and the end of `nk3rig run` start `PYTHON -m nk3report ...` here.
//
// Where things are found (each can be overridden from the environment):
//   NK3RIG_PYTHON       the interpreter; default /usr/bin/python3 (Debian's: it has
//                       python3-matplotlib and python3-jinja2 — the python3 on PATH may not)
//   NK3RIG_REPORTS_DIR  the directory holding the nk3report package; default reports/ of the
//                       source tree this binary was built from

#include <string>
#include <vector>

namespace nk3::cli {

// Runs `python -m nk3report ARGS...` with stdout/stderr inherited and returns its exit
// status. When the interpreter or the package cannot be found, or the child dies of a signal,
// prints what is missing to stderr (prefixed with `who`) and returns 3 (the rig could not run).
int run_report_tool(const char* who, const std::vector<std::string>& args);

// Runs `python -m nk3report ARGS...` and prints "report: WRITTEN", or "report: not written
// (...)" with the renderer's status and `later` (how to make it afterwards; may be empty): a
// renderer that fails costs the report, never the results. True when written.
bool write_report(const char* who, const std::vector<std::string>& args, const std::string& written,
                  const std::string& later);

// Renders DIR/report.html and DIR/junit.xml (`render DIR`) after a run or a merge.
bool render_report(const char* who, const std::string& dir);

}  // namespace nk3::cli
