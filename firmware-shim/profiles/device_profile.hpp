#pragma once
// A device profile: one model of the NK3 and its firmware, as a YAML file
// (firmware-shim/profiles/NAME.yaml, documented in docs/profiles.md). Every knob the simulator
// has is a field here, so a new combination needs a new file, not new code.

#include <cstdint>
#include <string>
#include <string_view>

#include "fido/authenticator.hpp"
#include "storage/storage_stack.hpp"

namespace nk3::profiles {

// boot.on_mount_failure: what the firmware does when the internal filesystem does not mount.
//   format:          format it (every key, the PIN and the attestation are gone);
//   recover_journal: let the translation layer replay its journal and mount again; halt if that
//                    fails too;
//   halt:            stop: the key answers nothing.
enum class MountFailure : std::uint8_t { format, recover_journal, halt };

// The YAML spelling: "format", "recover-journal", "halt".
std::string_view to_string(MountFailure policy);

struct DeviceProfile {
    std::string name;      // file stem, e.g. "nk3am-1.3.1"
    std::string alias;     // the earlier name it was asked for by, when that is an alias
    std::string source;    // the file it was loaded from ("" when built in code)
    std::string model;     // one line: what it models and where it departs from the real device
    std::string firmware;  // firmware version string, e.g. "1.3.1"
    std::uint32_t firmware_version = 0;  // vendor command 0x61 (u32 BE) and getInfo 0x0E
    std::uint8_t variant = 0;            // admin status variant: 1 LPC55, 2 nRF52

    storage::StackConfig internal;  // chip 0: FIDO state
    storage::StackConfig external;  // chip 1
    std::string internal_chip;      // flash.internal.chip, e.g. "nrf52840"
    std::string external_chip;      // flash.external.chip, e.g. "gd25q16"

    MountFailure on_mount_failure = MountFailure::format;
    fido::AuthenticatorConfig fido;  // aaguid, ctap.*, boot.on_state_file_corrupt, ...
};

}  // namespace nk3::profiles
