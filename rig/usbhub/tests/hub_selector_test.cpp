// Hub selectors: port paths and VID:PID as users write them.
#include "rig/usbhub/hub_selector.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace nk3::rig::usbhub {
namespace {

using ::testing::HasSubstr;

TEST(HubSelector, PortPaths) {
    EXPECT_EQ(parse_port_path("1-1.4"), (PortPath{1, {1, 4}}));
    EXPECT_EQ(parse_port_path("3-2"), (PortPath{3, {2}}));
    EXPECT_EQ(parse_port_path("2"), (PortPath{2, {}}));
    EXPECT_EQ(to_string(parse_port_path("1-1.4.2")), "1-1.4.2");
    for (const char* bad : {"", "1-", "1-1.", "x-1", "1-1.4a", "0-1", "1-0", "1-1.2.3.4.5.6.7.8"})
        EXPECT_THROW(parse_port_path(bad), std::invalid_argument) << bad;
    try {
        parse_port_path("usb1");
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("like 1-1.4"));
    }
}

TEST(HubSelector, VidPid) {
    EXPECT_EQ(parse_vid_pid("2109:2817"), (VidPid{0x2109, 0x2817}));
    EXPECT_EQ(parse_vid_pid("20A0:42b2"), (VidPid{0x20a0, 0x42b2}));
    EXPECT_EQ(to_string(VidPid{0x0424, 0x2514}), "0424:2514");
    for (const char* bad : {"2109", "2109:", "210:2817", "2109:28170", "zzzz:2817", "2109-2817"})
        EXPECT_THROW(parse_vid_pid(bad), std::invalid_argument) << bad;
}

TEST(HubSelector, Describes) {
    HubSelector s;
    s.id = VidPid{0x2109, 0x2817};
    s.serial = "000000001";
    EXPECT_EQ(to_string(s), "hub 2109:2817 serial 000000001");
    s = {};
    s.path = PortPath{1, {1, 4}};
    EXPECT_EQ(to_string(s), "hub 1-1.4");
}

}  // namespace
}  // namespace nk3::rig::usbhub
