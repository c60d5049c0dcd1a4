// Key selection over the FIDO device manifest.
#include "rig/bench/key_finder.hpp"

#include <algorithm>
#include <thread>

namespace nk3::rig::bench {

std::optional<FidoDeviceInfo> find_key(const KeySelector& key, std::vector<FidoDeviceInfo> devices,
                                       const SerialLookup& serial_of) {
    std::sort(devices.begin(), devices.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    for (const auto& d : devices) {
        if (!key.path.empty()) {
            if (d.path == key.path) return d;
            continue;
        }
        if (d.vid != key.id.vid || d.pid != key.id.pid) continue;
        if (!key.serial.empty() && serial_of(d.path) != key.serial) continue;
        return d;
    }
    return std::nullopt;
}

std::optional<FidoDeviceInfo> find_key(const KeySelector& key) {
    return find_key(key, list_fido_devices(),
                    [](const std::string& path) { return usb_serial_of(path); });
}

std::optional<FidoDeviceInfo> wait_for_key(const KeySelector& key,
                                           std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (auto found = find_key(key)) return found;
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

std::string describe(const FidoDeviceInfo& device) {
    std::string out =
        device.path + " (" + usbhub::to_string(usbhub::VidPid{device.vid, device.pid});
    if (!device.manufacturer.empty()) out += " " + device.manufacturer;
    if (!device.product.empty()) out += " " + device.product;
    return out + ")";
}

}  // namespace nk3::rig::bench
