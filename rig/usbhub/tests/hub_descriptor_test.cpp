// Hub descriptor parsing: ports and power switching mode for USB 2 (0x29) and USB 3 (0x2A).
#include "rig/usbhub/hub_descriptor.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace nk3::rig::usbhub {
namespace {

using ::testing::HasSubstr;
using Bytes = std::vector<std::uint8_t>;

TEST(HubDescriptor, Usb2PerPortSwitching) {
    // bLength 9, type 0x29, 4 ports, wHubCharacteristics 0x00a9 (per-port power, per-port
    // overcurrent, TT think time, port indicators), PwrOn2PwrGood 50, current, removable, mask.
    const Bytes d{9, 0x29, 4, 0xa9, 0x00, 50, 100, 0x00, 0xff};
    const HubDescriptor h = parse_hub_descriptor(d, false);
    EXPECT_EQ(h.ports, 4u);
    EXPECT_EQ(h.characteristics, 0x00a9);
    EXPECT_EQ(h.switching, PowerSwitching::per_port);
    EXPECT_FALSE(h.superspeed);
}

TEST(HubDescriptor, GangedAndNoSwitching) {
    EXPECT_EQ(
        parse_hub_descriptor(Bytes{9, 0x29, 7, 0xe0, 0x00, 50, 100, 0, 0xff}, false).switching,
        PowerSwitching::ganged);
    EXPECT_EQ(
        parse_hub_descriptor(Bytes{9, 0x29, 2, 0x02, 0x00, 50, 100, 0, 0xff}, false).switching,
        PowerSwitching::none);
    EXPECT_EQ(
        parse_hub_descriptor(Bytes{9, 0x29, 2, 0x03, 0x00, 50, 100, 0, 0xff}, false).switching,
        PowerSwitching::none);
}

TEST(HubDescriptor, SuperSpeedHub) {
    // bLength 12, type 0x2A, 4 ports, characteristics 0x0009, ..., wHubDelay, DeviceRemovable.
    const Bytes d{12, 0x2a, 4, 0x09, 0x00, 50, 0, 0, 0x04, 0x00, 0x00, 0x00};
    const HubDescriptor h = parse_hub_descriptor(d, true);
    EXPECT_TRUE(h.superspeed);
    EXPECT_EQ(h.ports, 4u);
    EXPECT_EQ(h.switching, PowerSwitching::per_port);
}

TEST(HubDescriptor, MalformedIsRejectedWithAReason) {
    auto reason = [](const Bytes& d, bool ss) {
        try {
            parse_hub_descriptor(d, ss);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_THAT(reason(Bytes{9, 0x29}, false), HasSubstr("too short"));
    EXPECT_THAT(reason(Bytes{9, 0x29, 4, 0xa9, 0, 50, 100}, false), HasSubstr("bLength 9"));
    EXPECT_THAT(reason(Bytes{9, 0x29, 4, 0xa9, 0, 50, 100, 0, 0xff}, true),
                HasSubstr("type 0x29, expected 0x2A"));
}

TEST(HubDescriptor, PortPowerBitDependsOnTheSpeed) {
    EXPECT_TRUE(port_powered(0x0100, false));
    EXPECT_FALSE(port_powered(0x0200, false));
    EXPECT_TRUE(port_powered(0x0203, true));
    EXPECT_FALSE(port_powered(0x0103, true));
}

}  // namespace
}  // namespace nk3::rig::usbhub
