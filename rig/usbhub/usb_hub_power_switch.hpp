#pragma once
// PowerSwitch on one downstream port of a USB hub with per-port power switching, through
// libusb-1.0: SET_FEATURE / CLEAR_FEATURE PORT_POWER to the port (USB 2.0 11.24.2.7 and
// 11.24.2.2; bmRequestType 0x23), then GET_STATUS of the port to see that the hub took it.
//
// Opening finds the hub (by port path, or VID:PID and serial), reads its hub descriptor and
// refuses a hub without per-port switching. A hub that claims it may still keep VBUS up and only
// drop data: warnings() says so, and only a probe on VBUS can prove the cut (`nk3rig bench check`).

#include <string>
#include <vector>

#include "rig/power_switch.hpp"
#include "rig/usbhub/hub_descriptor.hpp"
#include "rig/usbhub/hub_selector.hpp"

struct libusb_context;
struct libusb_device_handle;

namespace nk3::rig {

class UsbHubPowerSwitch final : public PowerSwitch {
  public:
    // Throws RigError: hub not found (and which hubs exist), several hubs match, no permission,
    // no per-port switching, no such port.
    UsbHubPowerSwitch(const usbhub::HubSelector& hub, unsigned port);
    ~UsbHubPowerSwitch() override;
    UsbHubPowerSwitch(const UsbHubPowerSwitch&) = delete;
    UsbHubPowerSwitch& operator=(const UsbHubPowerSwitch&) = delete;

    std::string describe() const override;
    void set(bool on) override;

    // What the user should know before trusting this switch (one line each).
    const std::vector<std::string>& warnings() const { return warnings_; }
    const usbhub::HubDescriptor& descriptor() const { return descriptor_; }

  private:
    std::uint16_t port_status();

    libusb_context* ctx_ = nullptr;
    libusb_device_handle* handle_ = nullptr;
    usbhub::PortPath path_;
    usbhub::VidPid id_;
    unsigned port_ = 0;
    usbhub::HubDescriptor descriptor_;
    std::vector<std::string> warnings_;
};

// The hint every permission error carries.
inline constexpr const char* kUsbPermissionHint =
    "install hardware/99-nk3rig.rules (sudo cp hardware/99-nk3rig.rules /etc/udev/rules.d/ && "
    "sudo udevadm control --reload && sudo udevadm trigger), then replug the hub";

}  // namespace nk3::rig
