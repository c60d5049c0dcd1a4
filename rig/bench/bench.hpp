#pragma once
// A bench as a bench file describes it (docs/bench.md, examples in hardware/): which key, how
// its power is switched, the logic analyzer watching VBUS (optional), the touch pulse
// (optional), and the timing of a power cycle.

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "rig/gpiod/gpio_line_spec.hpp"
#include "rig/sigrok/sigrok_probe.hpp"
#include "rig/usbhub/hub_selector.hpp"

namespace nk3::rig::bench {

// The Nitrokey 3's USB id (docs/bench.md).
inline constexpr usbhub::VidPid kNitrokey3{0x20a0, 0x42b2};

struct KeySelector {
    std::string path;                // "/dev/hidraw3": exactly this node; else by id:
    usbhub::VidPid id = kNitrokey3;  // the first FIDO device with this VID:PID
    std::string serial;              // and this USB serial number ("" any)
};

struct UsbHubPortSpec {
    usbhub::HubSelector hub;
    unsigned port = 0;
};

using PowerSpec = std::variant<GpioLineSpec, UsbHubPortSpec>;

struct GpioTouchSpec {
    GpioLineSpec line;
    std::chrono::milliseconds press{300};
};

struct BenchTiming {
    std::chrono::milliseconds power_off{2000};  // as Nitrokey's own bench (YKUSH 3: off, 2 s, on)
    std::chrono::milliseconds boot_wait{500};   // after power on, before looking for the key
    std::chrono::milliseconds enumerate_timeout{10000};  // until the key must be back
};

struct Bench {
    std::string source;  // the file it was read from
    std::string name;    // its `name:`, or the file's stem
    std::string about;
    KeySelector key;
    PowerSpec power;
    std::optional<SigrokProbeSpec> probe;
    std::optional<GpioTouchSpec> touch;
    BenchTiming timing;
};

// "first FIDO device with VID:PID 20a0:42b2" / "... and serial X" / "/dev/hidraw3"
std::string describe(const KeySelector& key);

}  // namespace nk3::rig::bench
