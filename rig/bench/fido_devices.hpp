#pragma once
// The FIDO keys attached to this host, as libfido2 finds them (fido_dev_info_manifest: hidraw
// nodes whose report descriptor has the FIDO usage page), and the USB serial number of a
// hidraw node (from sysfs; libfido2 does not report it).

#include <cstdint>
#include <string>
#include <vector>

namespace nk3::rig::bench {

struct FidoDeviceInfo {
    std::string path;  // "/dev/hidraw3"
    std::uint16_t vid = 0;
    std::uint16_t pid = 0;
    std::string manufacturer;
    std::string product;
};

// Throws RigError when libfido2 cannot enumerate.
std::vector<FidoDeviceInfo> list_fido_devices();

// The USB serial number of the device behind `hidraw_path` ("" when it has none or sysfs does
// not say): /sys/class/hidraw/hidrawN, up its device chain to the USB device's `serial`.
std::string usb_serial_of(const std::string& hidraw_path, const std::string& sysfs_root = "/sys");

}  // namespace nk3::rig::bench
