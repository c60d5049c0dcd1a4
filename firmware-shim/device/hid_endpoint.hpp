#pragma once
// What a host-side link sees of a simulated key: 64-byte HID reports in and out, and a clock it
// may move forward. The libfido2 link (rig/link) and the UDP server (nk3rig sim serve) are
// written against this interface only.

#include <optional>

#include "common/sim_time.hpp"
#include "ctaphid/packet.hpp"

namespace nk3::device {

class HidEndpoint {
  public:
    virtual ~HidEndpoint() = default;

    // One output report from the host. Ignored (dropped, as by an unpowered key) when the device
    // is off or halted; a power cut it causes is absorbed by the device, never thrown.
    virtual void write(const ctaphid::Report& report) = 0;
    // Oldest report the device has queued for the host, or nullopt.
    virtual std::optional<ctaphid::Report> read() = 0;
    // Simulated time passes (keepalives, a touch after its delay, transaction timeouts).
    virtual void advance(SimTime dt) = 0;
    virtual SimTime now() const = 0;
    // Until when the device stays quiet if the host does nothing: no report queued, no state
    // changed, by any advance() that ends before it (SimTime::max() while it draws no power).
    // A host waiting on it may pass that time in one advance() instead of many small ones, with
    // the same outcome. now() when unknown.
    virtual SimTime quiet_until() const { return now(); }
};

}  // namespace nk3::device
