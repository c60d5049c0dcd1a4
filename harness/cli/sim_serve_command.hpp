#pragma once
// `nk3rig sim serve`: the simulated NK3 as a network device. CTAPHID over UDP (one 64-byte HID
// report per datagram) for any FIDO client, a text control port for power (off, on, cycle,
// cut-after N MODE), the touch button and status, and an optional state directory that keeps
// the key's flash between runs. Documented in docs/sim-serve.md.

#include <CLI/CLI.hpp>

namespace nk3::cli {

// Adds `serve` to the `sim` subcommand; running it sets exit_status (0 clean shutdown on
// SIGINT/SIGTERM, 2 bad input, 3 a socket could not be bound or the state could not be saved).
void add_sim_serve_command(CLI::App& sim, int& exit_status);

}  // namespace nk3::cli
