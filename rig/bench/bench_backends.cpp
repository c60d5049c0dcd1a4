// Bench specs -> opened backends.
#include "rig/bench/bench_backends.hpp"

#include "rig/gpiod/gpiod_power_switch.hpp"
#include "rig/usbhub/usb_hub_power_switch.hpp"

namespace nk3::rig::bench {

std::unique_ptr<PowerSwitch> open_power_switch(const PowerSpec& spec) {
    if (const auto* gpio = std::get_if<GpioLineSpec>(&spec))
        return std::make_unique<GpiodPowerSwitch>(*gpio);
    const auto& hub = std::get<UsbHubPortSpec>(spec);
    return std::make_unique<UsbHubPowerSwitch>(hub.hub, hub.port);
}

std::vector<std::string> power_switch_warnings(const PowerSwitch& power) {
    if (const auto* hub = dynamic_cast<const UsbHubPowerSwitch*>(&power)) return hub->warnings();
    return {};
}

std::unique_ptr<SigrokProbe> open_probe(const SigrokProbeSpec& spec) {
    return std::make_unique<SigrokProbe>(spec);
}

std::unique_ptr<GpiodTouch> open_touch(const GpioTouchSpec& spec) {
    return std::make_unique<GpiodTouch>(spec.line, spec.press);
}

}  // namespace nk3::rig::bench
