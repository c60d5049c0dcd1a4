// A suite: check every member, run them one after another, combine their JUnit files, and
// print a line per member.

#include "harness/cli/suite_run.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/cli/report_tool.hpp"
#include "harness/cli/sigint_stop.hpp"
#include "harness/cli/single_run.hpp"
#include "harness/engine/exit_status.hpp"
#include "harness/engine/target_choice.hpp"
#include "harness/results/run_info.hpp"
#include "harness/scenario/scenario_parser.hpp"
#include "yaml/input_error.hpp"

namespace nk3::cli {

namespace {

namespace fs = std::filesystem;
using namespace nk3::engine;

struct Member {
    explicit Member(scenario::Scenario listed) : scenario(std::move(listed)) {}

    scenario::Scenario scenario;  // as the suite lists it
    CheckedRun run;               // its target (run.spec) and directory (run.out)
    RunOutcome outcome;
    bool ran = false;  // executed, or found complete (--resume)
};

void print_summary(const std::string& name, const std::string& out,
                   const std::vector<Member>& members, int status) {
    std::size_t ran = 0;
    for (const auto& m : members)
        ran += m.ran;
    std::printf("\n== suite %s: %zu of %zu runs, exit status %d; run directories in %s\n",
                name.c_str(), ran, members.size(), status, out.c_str());
    for (const auto& m : members) {
        std::printf("  %s on %s: ", m.scenario.name.c_str(), m.run.spec.c_str());
        if (!m.ran) {
            std::printf("not run\n");
            continue;
        }
        const RunOutcome& r = m.outcome;
        if (r.recorded)
            std::printf(
                "%llu trials, %llu failed, exit %d: ", static_cast<unsigned long long>(r.trials),
                static_cast<unsigned long long>(r.failed), r.status);
        else
            std::printf("no trials, exit %d: ", r.status);
        std::printf("%s\n", r.conclusion.c_str());
    }
    std::fflush(stdout);
}

// OUT/junit.xml: one testsuite per member run (python -m nk3report junit OUT/junit.xml DIR...).
void write_suite_junit(const std::string& out, const std::vector<Member>& members) {
    const std::string file = (fs::path(out) / "junit.xml").string();
    std::vector<std::string> args{"junit", file};
    for (const auto& m : members)
        if (m.outcome.recorded) args.push_back(m.run.out);
    if (args.size() == 2) return;
    write_report("nk3rig run", args, file, "");
}

}  // namespace

int run_suite(const RunOptions& o) {
    const fs::path suite_path = o.scenario;
    scenario::Suite suite;
    try {
        suite = scenario::load_suite(suite_path);
    } catch (const yaml::InputError& e) {
        std::fprintf(stderr, "nk3rig run: %s\n", e.what());
        return kExitBadInput;
    }
    const std::string& name = suite.name;
    if (o.resume && o.out.empty()) {
        std::fprintf(stderr,
                     "nk3rig run: --resume needs --out DIR (the suite's run to continue)\n");
        return kExitBadInput;
    }
    const std::string out = o.out.empty() ? default_suite_dir(name) : o.out;
    engine::Shard shard;
    if (const int bad = check_options(o, shard)) return bad;  // once, not per member

    // Check every member before running any.
    std::vector<Member> members;
    members.reserve(suite.scenarios.size());
    int status = kExitPass;
    for (auto& sc : suite.scenarios) {
        Member& m = members.emplace_back(std::move(sc));
        const std::string spec = requested_spec(o).empty() ? m.scenario.target : requested_spec(o);
        RunOptions mo = o;
        mo.out = (fs::path(out) / (m.scenario.name + "-" + target_dir_name(spec))).string();
        mo.resume = o.resume && results::ResultStore::holds_run(mo.out);
        // Exit statuses rank as their numbers do: 3 (rig) > 2 (input) > 1 (checks) > 0.
        status = std::max(status, check_run(mo, &m.scenario, m.run));
    }
    if (status != kExitPass) {
        std::fprintf(stderr, "nk3rig run: %s: nothing was run (fix the input above)\n",
                     suite_path.string().c_str());
        return status;
    }

    std::printf("== suite %s (%s): %zu runs into %s\n", name.c_str(), suite_path.string().c_str(),
                members.size(), out.c_str());
    std::fflush(stdout);
    SigintStop stop;
    bool interrupted = false;
    for (std::size_t i = 0; i < members.size() && !interrupted; ++i) {
        Member& m = members[i];
        std::printf("\n== [%zu/%zu] %s on %s\n", i + 1, members.size(), m.scenario.name.c_str(),
                    m.run.spec.c_str());
        std::fflush(stdout);
        if (m.run.store && m.run.store->info().status == results::RunStatus::complete) {
            m.outcome = recorded_outcome(m.run);
            std::printf("complete in %s (%llu trials): skipped\n", m.run.out.c_str(),
                        static_cast<unsigned long long>(m.outcome.trials));
        } else {
            m.outcome = execute_run(m.run, stop.flag());
        }
        m.ran = true;
        interrupted = stop.requested() || m.outcome.status == kExitInterrupted;
        if (!interrupted) status = std::max(status, m.outcome.status);
        m.run.store.reset();  // closed: the renderers read it next
    }

    if (!o.no_report) write_suite_junit(out, members);
    if (interrupted) status = kExitInterrupted;
    print_summary(name, out, members, status);
    if (interrupted) {
        std::printf("interrupted: continue the suite with: nk3rig run %s --out %s --resume\n",
                    suite_path.string().c_str(), out.c_str());
        std::fflush(stdout);
    }
    return status;
}

}  // namespace nk3::cli
