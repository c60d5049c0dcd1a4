#pragma once
// Which hub a bench means: its place in the USB tree as Linux names it ("1-1.4": bus 1, root
// port 1, then port 4 of the hub there; "1" alone: bus 1's root hub), or its VID:PID with an
// optional serial number. Parsing and matching only; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nk3::rig::usbhub {

struct PortPath {
    std::uint8_t bus = 0;
    std::vector<std::uint8_t> ports;  // empty: the root hub
    bool operator==(const PortPath&) const = default;
};

struct VidPid {
    std::uint16_t vid = 0;
    std::uint16_t pid = 0;
    bool operator==(const VidPid&) const = default;
};

struct HubSelector {
    std::optional<PortPath> path;
    std::optional<VidPid> id;
    std::string serial;  // with id: "" matches any
};

// Throw std::invalid_argument with the expected form when the text is malformed.
PortPath parse_port_path(const std::string& text);
VidPid parse_vid_pid(const std::string& text);

std::string to_string(const PortPath& path);
std::string to_string(const VidPid& id);             // "2109:2817"
std::string to_string(const HubSelector& selector);  // "hub 1-1.4" / "hub 2109:2817 serial X"

}  // namespace nk3::rig::usbhub
