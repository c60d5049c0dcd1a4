#pragma once
// Turns a logic analyzer's sample stream into edges on named channels: feed it the logic
// packets as they come (samples of `unit_size` bytes, bit i = the device's logic channel i) and
// it records each change of a watched channel with its time from the first sample. The first
// sample only sets the starting levels.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rig/probe.hpp"

namespace nk3::rig::sigrok {

struct WatchedChannel {
    unsigned bit = 0;  // the device's logic channel index
    std::string name;  // the bench's name ("vbus")
};

class EdgeDetector {
  public:
    EdgeDetector(std::vector<WatchedChannel> channels, std::uint64_t samplerate_hz);

    void feed(std::span<const std::uint8_t> data, unsigned unit_size);

    const std::vector<ProbeEdge>& edges() const { return edges_; }
    std::vector<ProbeEdge> take_edges() { return std::move(edges_); }
    std::uint64_t samples() const { return samples_; }
    // The level of a watched channel at the first sample, if any sample came.
    std::optional<bool> initial_level(const std::string& name) const;

  private:
    std::int64_t time_ns(std::uint64_t sample) const;

    std::vector<WatchedChannel> channels_;
    std::uint64_t samplerate_;
    std::uint64_t samples_ = 0;
    std::vector<bool> level_;
    std::vector<bool> initial_;
    std::vector<ProbeEdge> edges_;
};

}  // namespace nk3::rig::sigrok
