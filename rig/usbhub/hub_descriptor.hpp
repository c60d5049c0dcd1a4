#pragma once
// The USB hub class descriptor and port status, as far as port power goes: the number of ports
// and the power switching mode from wHubCharacteristics (USB 2.0 11.23.2.1, descriptor type
// 0x29; USB 3.x 10.15.2.1, type 0x2A: same offsets for these fields), and the PORT_POWER bit of
// wPortStatus (USB 2.0 11.24.2.7.1: bit 8; USB 3.x 10.16.2.6.1: bit 9). Pure parsing, no I/O.

#include <cstdint>
#include <span>
#include <string>

namespace nk3::rig::usbhub {

inline constexpr std::uint8_t kHubDescriptorType = 0x29;
inline constexpr std::uint8_t kSuperSpeedHubDescriptorType = 0x2A;

// Hub class requests (USB 2.0 table 11-15/11-16) and the feature selector PORT_POWER.
inline constexpr std::uint8_t kRequestTypeGetHubDescriptor = 0xA0;  // device-to-host, class, device
inline constexpr std::uint8_t kRequestTypeGetPortStatus = 0xA3;     // device-to-host, class, other
inline constexpr std::uint8_t kRequestTypePortFeature = 0x23;       // host-to-device, class, other
inline constexpr std::uint8_t kGetStatus = 0;
inline constexpr std::uint8_t kClearFeature = 1;
inline constexpr std::uint8_t kSetFeature = 3;
inline constexpr std::uint8_t kGetDescriptor = 6;
inline constexpr std::uint16_t kPortPowerFeature = 8;

enum class PowerSwitching : unsigned char { ganged, per_port, none };

struct HubDescriptor {
    bool superspeed = false;  // parsed as type 0x2A
    unsigned ports = 0;
    std::uint16_t characteristics = 0;  // wHubCharacteristics
    PowerSwitching switching = PowerSwitching::none;
};

// Throws std::invalid_argument with a reason when `bytes` is not a hub descriptor of the type.
HubDescriptor parse_hub_descriptor(std::span<const std::uint8_t> bytes, bool superspeed);

// "per-port", "ganged (all ports together)", "none"
std::string to_string(PowerSwitching switching);

// Whether wPortStatus says the port is powered.
bool port_powered(std::uint16_t port_status, bool superspeed);

}  // namespace nk3::rig::usbhub
