// libfido2's device manifest, and USB serial numbers from sysfs.
#include "rig/bench/fido_devices.hpp"

#include <fido.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

#include "rig/rig_error.hpp"

namespace nk3::rig::bench {

namespace {

constexpr std::size_t kMaxDevices = 64;

std::string text(const char* s) {
    return s != nullptr ? s : "";
}

std::string first_line(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

}  // namespace

std::vector<FidoDeviceInfo> list_fido_devices() {
    static std::once_flag once;
    std::call_once(once, [] { fido_init(0); });
    struct InfoFree {
        void operator()(fido_dev_info_t* p) const { fido_dev_info_free(&p, kMaxDevices); }
    };
    std::unique_ptr<fido_dev_info_t, InfoFree> list(fido_dev_info_new(kMaxDevices));
    if (!list) throw RigError("libfido2: cannot allocate a device list");
    std::size_t found = 0;
    if (const int rc = fido_dev_info_manifest(list.get(), kMaxDevices, &found); rc != FIDO_OK)
        throw RigError(std::string("libfido2 cannot list FIDO devices: ") + fido_strerr(rc));
    std::vector<FidoDeviceInfo> out;
    for (std::size_t i = 0; i < found; ++i) {
        const fido_dev_info_t* di = fido_dev_info_ptr(list.get(), i);
        out.push_back(
            {text(fido_dev_info_path(di)), static_cast<std::uint16_t>(fido_dev_info_vendor(di)),
             static_cast<std::uint16_t>(fido_dev_info_product(di)),
             text(fido_dev_info_manufacturer_string(di)), text(fido_dev_info_product_string(di))});
    }
    return out;
}

std::string usb_serial_of(const std::string& hidraw_path, const std::string& sysfs_root) {
    namespace fs = std::filesystem;
    const std::string node = fs::path(hidraw_path).filename().string();
    std::error_code ec;
    fs::path dir = fs::canonical(fs::path(sysfs_root) / "class/hidraw" / node, ec);
    if (ec) return "";
    const fs::path root = fs::canonical(sysfs_root, ec);
    // Up from .../1-1.4/1-1.4:1.0/0003:20A0:42B2.0001/hidraw/hidrawN to the USB device.
    while (!ec && dir.has_parent_path() && dir != root && dir != dir.root_path()) {
        if (fs::exists(dir / "idVendor") && fs::exists(dir / "busnum"))
            return fs::exists(dir / "serial") ? first_line(dir / "serial") : "";
        dir = dir.parent_path();
    }
    return "";
}

}  // namespace nk3::rig::bench
