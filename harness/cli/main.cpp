// nk3rig: power-cut fault injection for FIDO2 security keys.
// Exit status: 0 success, 1 a check failed, 2 bad input, 3 the rig could not run.

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "harness/cli/bench_check_command.hpp"
#include "harness/cli/compare_command.hpp"
#include "harness/cli/devices_command.hpp"
#include "harness/cli/merge_command.hpp"
#include "harness/cli/replay_command.hpp"
#include "harness/cli/report_command.hpp"
#include "harness/cli/run_command.hpp"
#include "harness/cli/sim_ca_command.hpp"
#include "harness/cli/sim_serve_command.hpp"
#include "harness/cli/storage_sweep_command.hpp"

int main(int argc, char** argv) {
    // Everything nk3rig creates is owner-only (directories 0700, files 0600): run directories
    // hold the scenario's PIN and flash images with the PIN hash and the attestation private
    // key, and so do `sim serve --state` directories (docs/results.md).
    ::umask(077);
    CLI::App app{
        "nk3rig: cut a FIDO2 key's power at chosen points, bring it back, check that nothing it "
        "acknowledged was lost"};
    app.require_subcommand(1);
    int status = 0;
    nk3::cli::add_run_command(app, status);
    nk3::cli::add_replay_command(app, status);
    nk3::cli::add_merge_command(app, status);
    nk3::cli::add_report_command(app, status);
    nk3::cli::add_compare_command(app, status);
    nk3::cli::add_storage_sweep_command(app, status);
    nk3::cli::add_bench_check_command(app, status);
    nk3::cli::add_devices_command(app, status);
    auto* sim = app.add_subcommand(
        "sim", "The simulated NK3 on its own: serve it to FIDO clients over UDP, print its CA");
    sim->require_subcommand(1);
    nk3::cli::add_sim_serve_command(*sim, status);
    nk3::cli::add_sim_ca_command(*sim, status);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "nk3rig: internal error: %s\n", e.what());
        return 3;
    }
    return status;
}
