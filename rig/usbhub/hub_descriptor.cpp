// Hub descriptor and port status parsing (USB 2.0 chapter 11, USB 3.x chapter 10).
#include "rig/usbhub/hub_descriptor.hpp"

#include <cstdio>
#include <stdexcept>

namespace nk3::rig::usbhub {

HubDescriptor parse_hub_descriptor(std::span<const std::uint8_t> bytes, bool superspeed) {
    const std::uint8_t type = superspeed ? kSuperSpeedHubDescriptorType : kHubDescriptorType;
    char want[8];
    std::snprintf(want, sizeof want, "0x%02X", type);
    if (bytes.size() < 7)
        throw std::invalid_argument("hub descriptor too short (" + std::to_string(bytes.size()) +
                                    " bytes, at least 7 expected)");
    if (bytes[0] < 7 || bytes[0] > bytes.size())
        throw std::invalid_argument("hub descriptor bLength " + std::to_string(bytes[0]) +
                                    " does not fit the " + std::to_string(bytes.size()) +
                                    " bytes received");
    if (bytes[1] != type) {
        char got[8];
        std::snprintf(got, sizeof got, "0x%02X", bytes[1]);
        throw std::invalid_argument(std::string("descriptor type ") + got + ", expected " + want);
    }
    HubDescriptor d;
    d.superspeed = superspeed;
    d.ports = bytes[2];
    d.characteristics = static_cast<std::uint16_t>(bytes[3] | (bytes[4] << 8));
    switch (d.characteristics & 0x3) {
        case 0:
            d.switching = PowerSwitching::ganged;
            break;
        case 1:
            d.switching = PowerSwitching::per_port;
            break;
        default:  // USB 2.0: 1X no power switching; USB 3.x: reserved
            d.switching = PowerSwitching::none;
            break;
    }
    return d;
}

std::string to_string(PowerSwitching switching) {
    switch (switching) {
        case PowerSwitching::ganged:
            return "ganged (all ports together)";
        case PowerSwitching::per_port:
            return "per-port";
        case PowerSwitching::none:
            return "none";
    }
    return "?";
}

bool port_powered(std::uint16_t port_status, bool superspeed) {
    return (port_status & (superspeed ? 0x0200 : 0x0100)) != 0;
}

}  // namespace nk3::rig::usbhub
