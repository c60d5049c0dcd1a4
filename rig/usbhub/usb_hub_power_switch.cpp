// UsbHubPowerSwitch: libusb-1.0 control transfers to a hub (PORT_POWER, hub descriptor, status).
#include "rig/usbhub/usb_hub_power_switch.hpp"

#include <libusb.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "rig/rig_error.hpp"

namespace nk3::rig {

namespace {

using namespace usbhub;

constexpr unsigned kTimeoutMs = 1000;

struct Candidate {
    libusb_device* dev;
    PortPath path;
    VidPid id;
    bool hub;
};

std::string usb_error(int code) {
    return std::string(libusb_error_name(code)) + " (" + libusb_strerror(code) + ")";
}

PortPath path_of(libusb_device* dev) {
    PortPath p;
    p.bus = libusb_get_bus_number(dev);
    std::array<std::uint8_t, 7> ports{};
    const int n = libusb_get_port_numbers(dev, ports.data(), static_cast<int>(ports.size()));
    for (int i = 0; i < n; ++i)
        p.ports.push_back(ports[static_cast<std::size_t>(i)]);
    return p;
}

std::string node_of(libusb_device* dev) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "/dev/bus/usb/%03u/%03u", libusb_get_bus_number(dev),
                  libusb_get_device_address(dev));
    return buf;
}

// The serial number string, or "" when the hub has none or cannot be opened.
std::string serial_of(libusb_device* dev, std::uint8_t index) {
    if (index == 0) return "";
    libusb_device_handle* h = nullptr;
    if (libusb_open(dev, &h) != 0) return "";
    unsigned char buf[128] = {};
    const int n = libusb_get_string_descriptor_ascii(h, index, buf, sizeof buf);
    libusb_close(h);
    return n > 0 ? std::string(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n)) : "";
}

bool matches(const Candidate& c, const HubSelector& sel, std::uint8_t serial_index) {
    if (sel.path && !(c.path == *sel.path)) return false;
    if (sel.id && !(c.id == *sel.id)) return false;
    if (!sel.serial.empty() && serial_of(c.dev, serial_index) != sel.serial) return false;
    return true;
}

}  // namespace

UsbHubPowerSwitch::UsbHubPowerSwitch(const HubSelector& hub, unsigned port) : port_(port) {
    const std::string wanted = to_string(hub);
    if (const int rc = libusb_init(&ctx_); rc != 0)
        throw RigError("USB " + wanted + ": libusb cannot start: " + usb_error(rc));
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(ctx_, &list);
    if (count < 0) {
        libusb_exit(ctx_);
        throw RigError("USB " + wanted +
                       ": cannot list USB devices: " + usb_error(static_cast<int>(count)));
    }
    std::vector<Candidate> all;
    std::vector<const Candidate*> found;
    std::string hubs_here;
    for (ssize_t i = 0; i < count; ++i) {
        libusb_device_descriptor dd{};
        if (libusb_get_device_descriptor(list[i], &dd) != 0) continue;
        all.push_back({list[i],
                       path_of(list[i]),
                       {dd.idVendor, dd.idProduct},
                       dd.bDeviceClass == LIBUSB_CLASS_HUB});
    }
    libusb_device* chosen = nullptr;
    std::string not_a_hub;
    for (const auto& c : all) {
        libusb_device_descriptor dd{};
        libusb_get_device_descriptor(c.dev, &dd);
        if (c.hub)
            hubs_here +=
                (hubs_here.empty() ? "" : ", ") + to_string(c.path) + " (" + to_string(c.id) + ")";
        if (!matches(c, hub, dd.iSerialNumber)) continue;
        if (!c.hub) {
            not_a_hub = to_string(c.path) + " (" + to_string(c.id) + ") is not a hub";
            continue;
        }
        found.push_back(&c);
    }
    auto fail = [&](const std::string& msg) {
        libusb_free_device_list(list, 1);
        libusb_exit(ctx_);
        ctx_ = nullptr;
        throw RigError(msg);
    };
    if (found.empty()) {
        std::string msg = "USB " + wanted + " not found";
        if (!not_a_hub.empty())
            msg += ": " + not_a_hub;
        else if (all.empty())
            msg += std::filesystem::exists("/dev/bus/usb")
                       ? ": libusb sees no USB device at all on this host (no permission on "
                         "/dev/bus/usb? " +
                             std::string(kUsbPermissionHint) + ")"
                       : ": this host has no USB devices visible (/dev/bus/usb is missing: no "
                         "USB controller, or a container/VM without USB passthrough)";
        else if (hubs_here.empty())
            msg += "; there is no hub on this host";
        else
            msg += "; hubs on this host: " + hubs_here + " (`lsusb -t` shows the tree)";
        if (!hub.serial.empty()) msg += "; reading serial numbers needs permission to open hubs";
        fail(msg);
    }
    if (found.size() > 1) {
        std::string list_text;
        for (const auto* c : found)
            list_text += (list_text.empty() ? "" : ", ") + to_string(c->path);
        fail("USB " + wanted + ": " + std::to_string(found.size()) + " hubs match (" + list_text +
             "); give the hub's path, or its serial number");
    }
    chosen = found.front()->dev;
    path_ = found.front()->path;
    id_ = found.front()->id;
    libusb_device_descriptor dd{};
    libusb_get_device_descriptor(chosen, &dd);
    if (const int rc = libusb_open(chosen, &handle_); rc != 0) {
        std::string msg = "USB hub " + to_string(path_) + " (" + to_string(id_) + ", " +
                          node_of(chosen) + "): cannot open it: " + usb_error(rc);
        if (rc == LIBUSB_ERROR_ACCESS) msg += "; " + std::string(kUsbPermissionHint);
        fail(msg);
    }
    libusb_free_device_list(list, 1);

    const bool superspeed = dd.bcdUSB >= 0x0300;
    std::array<unsigned char, 64> buf{};
    const std::uint8_t type = superspeed ? kSuperSpeedHubDescriptorType : kHubDescriptorType;
    const int n = libusb_control_transfer(handle_, kRequestTypeGetHubDescriptor, kGetDescriptor,
                                          static_cast<std::uint16_t>(type << 8), 0, buf.data(),
                                          static_cast<std::uint16_t>(buf.size()), kTimeoutMs);
    const std::string name = describe();
    auto fail_open = [&](const std::string& msg) {
        libusb_close(handle_);
        handle_ = nullptr;
        libusb_exit(ctx_);
        ctx_ = nullptr;
        throw RigError(msg);
    };
    if (n < 0) fail_open(name + ": cannot read the hub descriptor: " + usb_error(n));
    try {
        descriptor_ =
            parse_hub_descriptor(std::span(buf.data(), static_cast<std::size_t>(n)), superspeed);
    } catch (const std::invalid_argument& e) {
        fail_open(name + ": bad hub descriptor: " + e.what());
    }
    char chars[8];
    std::snprintf(chars, sizeof chars, "0x%04x", descriptor_.characteristics);
    if (port_ < 1 || port_ > descriptor_.ports)
        fail_open(name + ": the hub has ports 1.." + std::to_string(descriptor_.ports) + ", not " +
                  std::to_string(port_));
    if (descriptor_.switching != PowerSwitching::per_port)
        fail_open(name + ": the hub has no per-port power switching (wHubCharacteristics " + chars +
                  ": " + to_string(descriptor_.switching) +
                  "); use a hub that switches ports one by one (hardware/README.md)");
    warnings_.push_back("hub " + to_string(path_) + " (" + to_string(id_) +
                        ") claims per-port power switching (" + "wHubCharacteristics " + chars +
                        "), but many such hubs keep VBUS up and only drop "
                        "data: a probe channel on VBUS is the only proof that a cut happened");
    if (superspeed)
        warnings_.push_back(
            "hub " + to_string(path_) +
            " is the SuperSpeed half of a USB 3 hub; a full-speed key "
            "(the NK3) enumerates on the hub's USB 2 half, whose port power some hubs switch "
            "separately: if VBUS stays up, point the bench at the USB 2 half's path");
}

UsbHubPowerSwitch::~UsbHubPowerSwitch() {
    if (handle_ != nullptr) libusb_close(handle_);
    if (ctx_ != nullptr) libusb_exit(ctx_);
}

std::string UsbHubPowerSwitch::describe() const {
    return "usbhub " + usbhub::to_string(path_) + " (" + usbhub::to_string(id_) + ") port " +
           std::to_string(port_);
}

std::uint16_t UsbHubPowerSwitch::port_status() {
    std::array<unsigned char, 4> st{};
    const int n = libusb_control_transfer(handle_, usbhub::kRequestTypeGetPortStatus,
                                          usbhub::kGetStatus, 0, static_cast<std::uint16_t>(port_),
                                          st.data(), st.size(), kTimeoutMs);
    if (n < 2)
        throw RigError(describe() +
                       ": cannot read the port status: " + usb_error(n < 0 ? n : LIBUSB_ERROR_IO));
    return static_cast<std::uint16_t>(st[0] | (st[1] << 8));
}

void UsbHubPowerSwitch::set(bool on) {
    const int rc = libusb_control_transfer(
        handle_, usbhub::kRequestTypePortFeature, on ? usbhub::kSetFeature : usbhub::kClearFeature,
        usbhub::kPortPowerFeature, static_cast<std::uint16_t>(port_), nullptr, 0, kTimeoutMs);
    if (rc < 0) {
        std::string msg = describe() + ": " + (on ? "SET" : "CLEAR") +
                          "_FEATURE PORT_POWER failed: " + usb_error(rc);
        if (rc == LIBUSB_ERROR_NO_DEVICE) msg += " (the hub is gone: unplugged, or lost power)";
        throw RigError(msg);
    }
    if (usbhub::port_powered(port_status(), descriptor_.superspeed) != on)
        throw RigError(describe() + ": the hub acknowledged PORT_POWER " + (on ? "on" : "off") +
                       " but its port status still says " + (on ? "off" : "on") +
                       "; the hub ignores port power requests (or the kernel's hub driver "
                       "switched the port back), see docs/bench.md");
}

}  // namespace nk3::rig
