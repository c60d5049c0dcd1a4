#pragma once
// Opens the hardware a bench file names: its power switch, probe and touch. Each throws RigError
// saying what it could not find.

#include <memory>

#include "rig/bench/bench.hpp"
#include "rig/gpiod/gpiod_touch.hpp"
#include "rig/power_switch.hpp"
#include "rig/sigrok/sigrok_probe.hpp"

namespace nk3::rig::bench {

std::unique_ptr<PowerSwitch> open_power_switch(const PowerSpec& spec);
// What a user should know before trusting the switch (a hub that may keep VBUS up).
std::vector<std::string> power_switch_warnings(const PowerSwitch& power);
std::unique_ptr<SigrokProbe> open_probe(const SigrokProbeSpec& spec);
std::unique_ptr<GpiodTouch> open_touch(const GpioTouchSpec& spec);

}  // namespace nk3::rig::bench
