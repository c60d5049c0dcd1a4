#pragma once
// Finds the bench's key among the FIDO devices attached: its hidraw node by path, or the first
// device with its VID:PID (and serial number, when the bench names one).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rig/bench/bench.hpp"
#include "rig/bench/fido_devices.hpp"

namespace nk3::rig::bench {

using SerialLookup = std::function<std::string(const std::string& hidraw_path)>;

// Pure: the first of `devices` the selector matches (devices in libfido2's order, which is
// sorted by path here so "first" is stable).
std::optional<FidoDeviceInfo> find_key(const KeySelector& key, std::vector<FidoDeviceInfo> devices,
                                       const SerialLookup& serial_of);

// On this host (libfido2 manifest, sysfs serials). Throws RigError when libfido2 fails.
std::optional<FidoDeviceInfo> find_key(const KeySelector& key);

// Polls find_key every 100 ms until the key is there or `timeout` passed.
std::optional<FidoDeviceInfo> wait_for_key(const KeySelector& key,
                                           std::chrono::milliseconds timeout);

// "/dev/hidraw3 (20a0:42b2 Nitrokey Nitrokey 3)"
std::string describe(const FidoDeviceInfo& device);

}  // namespace nk3::rig::bench
