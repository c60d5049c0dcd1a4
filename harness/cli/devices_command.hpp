#pragma once
// `nk3rig devices`: the FIDO keys attached to this host (libfido2's device manifest): hidraw
// node, VID:PID, manufacturer and product, and which of them a bench's default selector
// (the first Nitrokey 3) would take.

#include <CLI/CLI.hpp>

namespace nk3::cli {

// Adds `devices`; running it sets exit_status (0; 3 when libfido2 cannot enumerate).
void add_devices_command(CLI::App& app, int& exit_status);

}  // namespace nk3::cli
