// `nk3rig run`: the options; a scenario runs as one campaign (single_run.hpp), a suite as one
// campaign per member (suite_run.hpp).

#include "harness/cli/run_command.hpp"

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "harness/cli/run_options.hpp"
#include "harness/cli/sigint_stop.hpp"
#include "harness/cli/single_run.hpp"
#include "harness/cli/strict_integer.hpp"
#include "harness/cli/suite_run.hpp"
#include "harness/scenario/scenario_parser.hpp"
#include "yaml/input_error.hpp"
#include "yaml/read_input.hpp"

namespace nk3::cli {

namespace {

// A suite file has a top-level `include:`; a file that cannot be read (or is too long) is left
// to the scenario reader, whose error names it.
bool names_a_suite(const std::string& path) {
    try {
        return scenario::is_suite(yaml::read_input_file(path, "file"));
    } catch (const yaml::InputError&) {
        return false;
    }
}

int run(const RunOptions& o) {
    if (names_a_suite(o.scenario)) return run_suite(o);
    CheckedRun checked;
    if (const int status = check_run(o, nullptr, checked)) return status;
    SigintStop stop;
    return execute_run(checked, stop.flag()).status;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_status) {
    const auto non_empty = [](const std::string& text) {
        return text.empty() ? std::string("must not be empty") : std::string();
    };
    auto o = std::make_shared<RunOptions>();
    auto* cmd = app.add_subcommand(
        "run",
        "Run a campaign: the scenario's setup once, a dry run of the operation under test, then "
        "one trial per point of the fault plan (flash-sweep, nested, time-sweep, random), each "
        "from the snapshot after the setup: cut the power, bring it back, run the checks. Each "
        "trial is committed to DIR/results.sqlite as it ends; trials.csv and summary.json at the "
        "end or on SIGINT, SIGTERM or SIGHUP, then report.html and junit.xml. A suite (a file with "
        "include:, such "
        "as scenarios/nightly.yaml) runs each of its scenarios into OUT/<scenario>-<target>. "
        "Exit status: 0 all trials passed, 1 some check failed, 2 bad input, 3 the rig could not "
        "run, 130 interrupted (continue with --resume); a suite exits with its worst member's. "
        "See docs/engine.md");
    cmd->add_option("scenario", o->scenario, "Scenario file (scenarios/*.yaml) or suite file")
        ->required();
    cmd->add_option("--target", o->target,
                    "sim:PROFILE (e.g. sim:nk3am-1.2.2) or sim:FILE.yaml; default: the "
                    "scenario's target (in a suite: each scenario's own)");
    cmd->add_option("--bench", o->bench, "Bench file (hardware/*.yaml): a real key on a bench");
    cmd->add_option("--out", o->out,
                    "Run directory (default runs/<scenario>-<target>-<UTC time>; for a suite "
                    "runs/<suite>-<UTC time>, one subdirectory per scenario); with --resume the "
                    "run to continue")
        ->check(non_empty);
    add_integer_option(*cmd, "--jobs,-j", o->jobs,
                       "Parallel workers, each with its own simulated key", 1, 1024);
    auto* seed = add_integer_option(*cmd, "--seed", o->seed,
                                    "Seed of the keys' randomness, torn writes and random plans");
    cmd->add_flag("--resume", o->resume,
                  "Continue the interrupted run in --out DIR: run only the trials it lacks (a "
                  "suite: skip complete members, resume interrupted ones, start missing ones)");
    cmd->add_option("--shard", o->shard,
                    "I/N: run only plan indexes with index % N == I-1 (1-based I); combine the "
                    "shards' directories with `nk3rig merge`");
    cmd->add_flag("--no-report", o->no_report,
                  "Do not render report.html and junit.xml at the end (shards whose merged run "
                  "gets the report; machines without matplotlib); `nk3rig report DIR` renders "
                  "them later");
    cmd->add_flag("--no-reuse", o->no_reuse,
                  "Boot and check after every cut, even when an earlier trial of the run left "
                  "the simulated key (both flash chips, its random stream) and the host's history "
                  "the same, byte for byte; by default such a trial takes that trial's outcome, "
                  "which is the same by construction (docs/engine.md)");
    cmd->callback([o, seed, &exit_status] {
        o->seed_given = seed->count() > 0;
        exit_status = run(*o);
    });
}

}  // namespace nk3::cli
