#pragma once
// How the simulator link maps libfido2's waiting onto simulated time. libfido2 measures its
// timeouts on the wall clock and sleeps between U2F polls; against a simulated key every wait
// is instead paid in simulated time, so a test of a 30 s button timeout takes no wall time.

#include <chrono>

#include "common/sim_time.hpp"

namespace nk3::rig {

struct LinkTiming {
    // While libfido2 waits for a report and none is queued, simulated time moves in steps of
    // this size (keepalives, a touch after its delay, transaction timeouts happen in between).
    SimTime poll_step = std::chrono::milliseconds(1);
    // A read with no timeout (libfido2's default, ms == -1) gives up after this much simulated
    // time since the last request or the last timed-out read: a key that never answers makes
    // the call fail (FIDO_ERR_RX) instead of hanging.
    SimTime unbounded_wait = std::chrono::seconds(60);
    // libfido2 pauses 100 ms (U2F_PACE_MS) after a U2F response before it polls again; the link
    // charges that pause in simulated time before the next request after a U2F (MSG) response.
    SimTime u2f_pace = std::chrono::milliseconds(100);
    // fido_dev_open waits at most this long (simulated) for the INIT and getInfo answers; an
    // unpowered or halted key then fails to open with FIDO_ERR_RX.
    int open_timeout_ms = 2000;
    // Timeout of every later operation (fido_dev_set_timeout); -1: none (unbounded_wait).
    int operation_timeout_ms = -1;
};

}  // namespace nk3::rig
