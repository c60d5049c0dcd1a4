#pragma once
// What the transport reports about itself and how it times transactions.

#include <chrono>
#include <cstdint>

#include "common/sim_time.hpp"
#include "ctaphid/commands.hpp"

namespace nk3::ctaphid {

// Device version bytes of the INIT response.
struct DeviceVersion {
    std::uint8_t major = 1;
    std::uint8_t minor = 0;
    std::uint8_t build = 0;
};

struct TransportConfig {
    DeviceVersion version{};
    // INIT capability flags. They also gate the commands: WINK needs capability::kWink, CBOR
    // needs capability::kCbor, and capability::kNmsg turns MSG away with INVALID_CMD.
    std::uint8_t capabilities = capability::kWink | capability::kCbor;
    // LOCK (optional in the spec). When false, LOCK answers INVALID_CMD.
    bool lock_supported = true;
    // A request whose next packet does not arrive within this time is aborted (MSG_TIMEOUT).
    SimTime transaction_timeout = std::chrono::milliseconds(500);
    // A pending request (Application::handle returned nullopt) gets a KEEPALIVE this often.
    SimTime keepalive_interval = std::chrono::milliseconds(100);
    // First CID INIT hands out (see ChannelAllocator).
    std::uint32_t first_cid = 1;
};

}  // namespace nk3::ctaphid
