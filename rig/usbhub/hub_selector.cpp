// Parsing and printing of hub selectors ("1-1.4", "2109:2817").
#include "rig/usbhub/hub_selector.hpp"

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace nk3::rig::usbhub {

namespace {

unsigned parse_number(std::string_view text, unsigned lo, unsigned hi, int base,
                      const std::string& whole, const char* form) {
    unsigned value = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() || value < lo ||
        value > hi)
        throw std::invalid_argument("\"" + whole + "\" is not " + form);
    return value;
}

}  // namespace

PortPath parse_port_path(const std::string& text) {
    constexpr const char* form =
        "a USB port path like 1-1.4 (bus-port.port..., as in /sys/bus/usb/devices; `lsusb -t` "
        "shows the tree)";
    PortPath p;
    const auto dash = text.find('-');
    p.bus = static_cast<std::uint8_t>(
        parse_number(std::string_view(text).substr(0, dash), 1, 255, 10, text, form));
    if (dash == std::string::npos) return p;
    std::string_view rest = std::string_view(text).substr(dash + 1);
    for (;;) {
        const auto dot = rest.find('.');
        p.ports.push_back(
            static_cast<std::uint8_t>(parse_number(rest.substr(0, dot), 1, 255, 10, text, form)));
        if (dot == std::string_view::npos) break;
        rest = rest.substr(dot + 1);
    }
    if (p.ports.size() > 7)
        throw std::invalid_argument("\"" + text + "\" is deeper than USB allows (7 tiers)");
    return p;
}

VidPid parse_vid_pid(const std::string& text) {
    constexpr const char* form = "a VID:PID like 2109:2817 (four hex digits each, as lsusb shows)";
    const auto colon = text.find(':');
    if (colon != 4 || text.size() != 9)
        throw std::invalid_argument("\"" + text + "\" is not " + form);
    VidPid id;
    id.vid = static_cast<std::uint16_t>(
        parse_number(std::string_view(text).substr(0, 4), 0, 0xFFFF, 16, text, form));
    id.pid = static_cast<std::uint16_t>(
        parse_number(std::string_view(text).substr(5), 0, 0xFFFF, 16, text, form));
    return id;
}

std::string to_string(const PortPath& path) {
    std::string out = std::to_string(path.bus);
    for (std::size_t i = 0; i < path.ports.size(); ++i)
        out += (i == 0 ? "-" : ".") + std::to_string(path.ports[i]);
    return out;
}

std::string to_string(const VidPid& id) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04x:%04x", id.vid, id.pid);
    return buf;
}

std::string to_string(const HubSelector& selector) {
    std::string out = "hub";
    if (selector.path) out += " " + to_string(*selector.path);
    if (selector.id) out += " " + to_string(*selector.id);
    if (!selector.serial.empty()) out += " serial " + selector.serial;
    return out;
}

}  // namespace nk3::rig::usbhub
