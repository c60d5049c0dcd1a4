#pragma once
// What the logic analyzer saw during one trial: edges on named channels (VBUS, the key's supply
// rail, a trigger), with timestamps. A probe on VBUS is the only proof that a cut happened: many
// hubs that claim per-port power switching keep VBUS up.

#include <cstdint>
#include <string>
#include <vector>

namespace nk3::rig {

struct ProbeEdge {
    std::int64_t t_ns = 0;  // from the start of the capture
    std::string channel;    // "vbus"
    bool level = false;     // the level after the edge
};

struct ProbeCapture {
    std::vector<ProbeEdge> edges;
    std::string file;  // a capture file written for post-mortem (sigrok .sr), "" when none
};

class Probe {
  public:
    virtual ~Probe() = default;
    virtual std::string describe() const = 0;
    // Throws RigError when the analyzer is missing or refuses.
    virtual void start() = 0;
    virtual ProbeCapture stop() = 0;
};

}  // namespace nk3::rig
