#pragma once
// `nk3rig run SUITE.yaml` (a file with `include:`, docs/scenarios.md "Suites"): every member
// scenario on its own default target (or, with --target/--bench, all on that one), each into
// its own run directory OUT/<scenario>-<target>, one after another; then OUT/junit.xml over all
// of them and a summary line per member.
//
// Every member is checked (scenario, target, plan, run directory) before any runs: bad input
// anywhere exits 2 with nothing run. --resume skips complete members, resumes interrupted ones
// and starts missing ones; --shard, --seed and --jobs apply to each member. SIGINT saves the
// member being run as interrupted and runs no further member (exit 130). Otherwise the exit
// status is the worst over the members: 3 > 2 > 1 > 0.

#include "harness/cli/run_options.hpp"

namespace nk3::cli {

int run_suite(const RunOptions& options);

}  // namespace nk3::cli
