#pragma once
// `nk3rig bench check BENCH.yaml`: read a bench file, then prove the bench works: open its
// switch, probe and touch, find the key, power it off (VBUS falls on the probe, the key leaves
// the host), wait, power it on (VBUS rises), see the key enumerate again. One line per step,
// ok or FAILED with the reason.

#include <CLI/CLI.hpp>

namespace nk3::cli {

// Adds `bench check`; running it sets exit_status: 0 every step ok, 2 bad bench file, 3 the rig
// cannot do it (what was missing is printed).
void add_bench_check_command(CLI::App& app, int& exit_status);

}  // namespace nk3::cli
