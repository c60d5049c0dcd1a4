#pragma once
// `nk3rig sim ca [-o FILE]`: the project's test CA certificate (PEM), the trust anchor of every
// simulated key's attestation certificate, for clients that verify attestation.

#include <CLI/CLI.hpp>

namespace nk3::cli {

// Adds `ca` to the `sim` subcommand; running it sets exit_status (0, or 2 when FILE cannot be
// written).
void add_sim_ca_command(CLI::App& sim, int& exit_status);

}  // namespace nk3::cli
