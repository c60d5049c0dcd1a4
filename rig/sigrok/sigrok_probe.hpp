#pragma once
// Probe on a logic analyzer through libsigrok (libsigrokcxx 0.5): any driver sigrok supports
// (fx2lafw for the cheap Cypress FX2 boards, "demo" for sigrok's built-in generator). Opening
// scans for the device, opens it, sets the samplerate and maps the bench's channel names onto
// the device's channels. start() runs an acquisition on a session thread; stop() ends it and
// returns the edges of the named channels with their time from the first sample, and the .sr
// capture (sigrok's srzip format, opens in PulseView) when one was asked for.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "rig/probe.hpp"

namespace nk3::rig {

struct SigrokProbeSpec {
    std::string driver = "fx2lafw";  // "DRIVER[:KEY=VALUE]..." (sigrok/driver_spec.hpp)
    std::map<std::string, std::string> channels;  // device channel -> bench name: {"D0", "vbus"}
    std::uint64_t samplerate_hz = 1'000'000;
};

class SigrokProbe final : public Probe {
  public:
    // Throws RigError: unknown driver (and which exist), no device found, a channel the device
    // does not have (and which it has), a samplerate it refuses.
    explicit SigrokProbe(const SigrokProbeSpec& spec);
    ~SigrokProbe() override;
    SigrokProbe(const SigrokProbe&) = delete;
    SigrokProbe& operator=(const SigrokProbe&) = delete;

    std::string describe() const override;
    void start() override;
    ProbeCapture stop() override;

    // Write the next capture (the next start() .. stop()) to `path` as a sigrok session file
    // (.sr); "" writes none. Throws RigError when this libsigrok has no srzip output.
    void capture_to(const std::string& path);
    // The level each named channel had at the start of the last capture (for a caller that
    // needs to know VBUS was up before it fell).
    std::map<std::string, bool> initial_levels() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace nk3::rig
