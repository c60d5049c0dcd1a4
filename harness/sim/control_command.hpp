#pragma once
// The control port's language: one command per datagram, words separated by blanks.
//   status                       what the key is doing (also part of every other answer)
//   off | on                     cut / restore power (on boots the key)
//   cycle [OFF_TIME]             off, OFF_TIME of simulated time (default 2s), on
//   cut-after N before|torn|after
//                                arm a cut N flash operations ahead (0 = the next one)
//   disarm                       forget an armed cut that has not fired
//   button SPEC                  press-after[:DELAY] | refuse[:DELAY] | hold[:TIMEOUT]
//   save                         write the state directory now
//   help                         the list of commands
// Parsing is pure: it never touches the device, and rejects anything else with a message.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "common/sim_time.hpp"
#include "device/virtual_nk3.hpp"
#include "flash/flash_op.hpp"

namespace nk3::sim {

struct ControlCommand {
    enum class Kind : std::uint8_t {
        status,
        off,
        on,
        cycle,
        cut_after,
        disarm,
        button,
        save,
        help
    };
    Kind kind = Kind::status;
    SimTime off_time = std::chrono::seconds(2);    // cycle
    std::uint64_t ops_from_now = 0;                // cut-after
    flash::CutMode mode = flash::CutMode::before;  // cut-after
    device::ButtonConfig button;                   // button
};

struct ControlParseError {
    std::string message;
};

// Farthest cut-after accepts (a trillion operations: beyond any session, and no overflow).
inline constexpr std::uint64_t kMaxCutDistance = 1'000'000'000'000ULL;

// Longest command text accepted (a datagram beyond it is refused unparsed).
inline constexpr std::size_t kMaxControlCommandSize = 512;

std::variant<ControlCommand, ControlParseError> parse_control_command(std::string_view text);

std::string_view to_string(ControlCommand::Kind kind);

// One line per command, for `help` and the documentation.
const char* control_command_usage();

}  // namespace nk3::sim
