// `nk3rig devices`: lists FIDO keys through libfido2.
#include "harness/cli/devices_command.hpp"

#include <cstdio>
#include <filesystem>

#include "rig/bench/fido_devices.hpp"
#include "rig/rig_error.hpp"
#include "rig/usbhub/hub_selector.hpp"

namespace nk3::cli {

namespace {

int run() {
    std::vector<rig::bench::FidoDeviceInfo> devices;
    try {
        devices = rig::bench::list_fido_devices();
    } catch (const rig::RigError& e) {
        std::fprintf(stderr, "nk3rig devices: %s\n", e.what());
        return 3;
    }
    if (devices.empty()) {
        std::printf("no FIDO devices found\n");
        std::error_code ec;
        bool any_hidraw = false;
        for (const auto& e : std::filesystem::directory_iterator("/dev", ec))
            any_hidraw = any_hidraw || e.path().filename().string().rfind("hidraw", 0) == 0;
        if (!any_hidraw)
            std::printf(
                "(this host has no /dev/hidraw* nodes at all: no USB HID devices, or a "
                "container without them)\n");
        else
            std::printf(
                "(FIDO keys show up when their /dev/hidraw* node is readable: see "
                "hardware/99-nk3rig.rules)\n");
        return 0;
    }
    std::printf("%-16s %-10s %-16s %s\n", "path", "vid:pid", "manufacturer", "product");
    for (const auto& d : devices) {
        const std::string id = rig::usbhub::to_string(rig::usbhub::VidPid{d.vid, d.pid});
        const char* tag = (d.vid == 0x20a0 && d.pid == 0x42b2) ? "  (Nitrokey 3)" : "";
        std::printf("%-16s %-10s %-16s %s%s\n", d.path.c_str(), id.c_str(), d.manufacturer.c_str(),
                    d.product.c_str(), tag);
    }
    return 0;
}

}  // namespace

void add_devices_command(CLI::App& app, int& exit_status) {
    auto* cmd = app.add_subcommand(
        "devices", "List the FIDO keys attached to this host (hidraw node, VID:PID, names)");
    cmd->callback([&exit_status] { exit_status = run(); });
}

}  // namespace nk3::cli
