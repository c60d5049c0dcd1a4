// UsbHubPowerSwitch on this host: a hub that is not there is a RigError naming it and saying
// what the host has instead. (Switching a real port needs a hub with per-port switching.)
#include "rig/usbhub/usb_hub_power_switch.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rig/rig_error.hpp"

namespace nk3::rig {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

std::string error_of(const usbhub::HubSelector& sel, unsigned port) {
    try {
        UsbHubPowerSwitch sw(sel, port);
    } catch (const RigError& e) {
        return e.what();
    }
    return "";
}

TEST(UsbHubPowerSwitch, AbsentHubByPathIsNamed) {
    usbhub::HubSelector sel;
    sel.path = usbhub::parse_port_path("250-7.7.7");
    const std::string msg = error_of(sel, 2);
    EXPECT_THAT(msg, HasSubstr("USB hub 250-7.7.7 not found"));
    EXPECT_THAT(msg, AnyOf(HasSubstr("hubs on this host"), HasSubstr("no USB devices visible"),
                           HasSubstr("no hub on this host"), HasSubstr("no USB device at all")));
}

TEST(UsbHubPowerSwitch, AbsentHubByVidPidAndSerialIsNamed) {
    usbhub::HubSelector sel;
    sel.id = usbhub::parse_vid_pid("ffff:fffe");
    sel.serial = "nk3rig-test";
    EXPECT_THAT(error_of(sel, 1), HasSubstr("USB hub ffff:fffe serial nk3rig-test not found"));
}

}  // namespace
}  // namespace nk3::rig
