#pragma once
// What `sim serve` counts about its traffic, reported by the control command `status`.

#include <cstdint>
#include <string>

namespace nk3::sim {

struct ServeCounters {
    std::uint64_t reports_in = 0;          // 64-byte datagrams handed to the key
    std::uint64_t reports_out = 0;         // reports sent to the host
    std::uint64_t rejected_datagrams = 0;  // CTAPHID datagrams that were not 64 bytes
    std::uint64_t control_commands = 0;
    std::uint64_t control_errors = 0;  // commands answered with ok:false
    std::uint64_t state_saves = 0;
    std::uint64_t state_save_errors = 0;
    std::string last_save_error;
    std::string host;  // address of the last CTAPHID sender ("" before the first)
};

}  // namespace nk3::sim
