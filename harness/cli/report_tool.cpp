// Starting `python -m nk3report` with posix_spawn: no shell, arguments passed as they are.

#include "harness/cli/report_tool.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "harness/engine/exit_status.hpp"

extern char** environ;

namespace nk3::cli {

namespace {

std::string env_or(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::string(fallback);
}

struct ReportTool {
    std::string python;       // interpreter path
    std::string package_dir;  // directory put on PYTHONPATH
};

// The interpreter and package directory, from the environment or the build's defaults.
ReportTool locate_report_tool() {
    return {env_or("NK3RIG_PYTHON", NK3RIG_PYTHON),
            env_or("NK3RIG_REPORTS_DIR", NK3RIG_REPORTS_DIR)};
}

}  // namespace

int run_report_tool(const char* who, const std::vector<std::string>& args) {
    const ReportTool tool = locate_report_tool();
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(tool.python, ec) || ::access(tool.python.c_str(), X_OK) != 0) {
        std::fprintf(stderr,
                     "%s: no Python interpreter at %s (install python3 with `make bootstrap`, or "
                     "set NK3RIG_PYTHON); the run's results are in its directory all the same\n",
                     who, tool.python.c_str());
        return engine::kExitRigFailed;
    }
    if (!fs::is_regular_file(fs::path(tool.package_dir) / "nk3report" / "__main__.py", ec)) {
        std::fprintf(stderr,
                     "%s: the report package nk3report is not in %s (set NK3RIG_REPORTS_DIR to "
                     "the reports/ directory of an nk3rig source tree)\n",
                     who, tool.package_dir.c_str());
        return engine::kExitRigFailed;
    }

    // The environment, with PYTHONPATH led by the package directory.
    std::vector<std::string> env_strings;
    std::string pythonpath = "PYTHONPATH=" + tool.package_dir;
    for (char** e = environ; *e; ++e) {
        if (std::strncmp(*e, "PYTHONPATH=", 11) == 0) {
            if ((*e)[11]) pythonpath += std::string(":") + (*e + 11);
            continue;
        }
        env_strings.emplace_back(*e);
    }
    env_strings.push_back(pythonpath);
    std::vector<char*> envp;
    for (auto& s : env_strings)
        envp.push_back(s.data());
    envp.push_back(nullptr);

    std::vector<std::string> argv_strings{tool.python, "-m", "nk3report"};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    std::fflush(stdout);
    std::fflush(stderr);
    pid_t pid = 0;
    const int rc =
        ::posix_spawn(&pid, tool.python.c_str(), nullptr, nullptr, argv.data(), envp.data());
    if (rc != 0) {
        std::fprintf(stderr, "%s: could not start %s: %s\n", who, tool.python.c_str(),
                     std::strerror(rc));
        return engine::kExitRigFailed;
    }
    int wstatus = 0;
    while (::waitpid(pid, &wstatus, 0) < 0) {
        if (errno != EINTR) {
            std::fprintf(stderr, "%s: waiting for the report renderer: %s\n", who,
                         std::strerror(errno));
            return engine::kExitRigFailed;
        }
    }
    if (WIFEXITED(wstatus)) return WEXITSTATUS(wstatus);
    std::fprintf(stderr, "%s: the report renderer died of signal %d\n", who,
                 WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0);
    return engine::kExitRigFailed;
}

bool write_report(const char* who, const std::vector<std::string>& args, const std::string& written,
                  const std::string& later) {
    const int status = run_report_tool(who, args);
    if (status == 0)
        std::printf("report: %s\n", written.c_str());
    else
        std::printf("report: not written (the renderer exited %d; the results are complete%s)\n",
                    status, later.empty() ? "" : ("; " + later).c_str());
    std::fflush(stdout);
    return status == 0;
}

bool render_report(const char* who, const std::string& dir) {
    return write_report(who, {"render", dir}, (std::filesystem::path(dir) / "report.html").string(),
                        "render them later with: nk3rig report " + dir);
}

}  // namespace nk3::cli
