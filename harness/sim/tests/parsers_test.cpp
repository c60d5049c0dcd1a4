// The small parsers of `sim serve`: durations, button specs, UDP addresses.

#include <gtest/gtest.h>

#include <chrono>

#include "harness/sim/button_spec.hpp"
#include "harness/sim/duration.hpp"
#include "harness/sim/udp_address.hpp"

namespace nk3::sim {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesUnitsAndBareMilliseconds) {
    EXPECT_EQ(parse_duration("200"), SimTime(200ms));
    EXPECT_EQ(parse_duration("200ms"), SimTime(200ms));
    EXPECT_EQ(parse_duration("2s"), SimTime(2s));
    EXPECT_EQ(parse_duration("0.5s"), SimTime(500ms));
    EXPECT_EQ(parse_duration("750us"), SimTime(750us));
    EXPECT_EQ(parse_duration("0"), SimTime(0));
    for (const char* bad : {"", "ms", "-1", "1.", ".5", "1e3", "2m", "1 s", "nan", "86401s"})
        EXPECT_EQ(parse_duration(bad), std::nullopt) << bad;
}

TEST(Duration, FormatsWhatItParses) {
    for (SimTime d : {SimTime(2s), SimTime(200ms), SimTime(1500ms), SimTime(750us), SimTime(0)})
        EXPECT_EQ(parse_duration(format_duration(d)), d) << format_duration(d);
    EXPECT_EQ(format_duration(2s), "2s");
    EXPECT_EQ(format_duration(1500ms), "1500ms");
}

TEST(ButtonSpec, Forms) {
    using Mode = device::ButtonConfig::Mode;
    auto b = parse_button_spec("press-after");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->mode, Mode::press_after);
    EXPECT_EQ(b->delay, SimTime(200ms));
    b = parse_button_spec("hold:5s");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->mode, Mode::hold);
    EXPECT_EQ(b->timeout, SimTime(5s));
    b = parse_button_spec("refuse 10ms");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->mode, Mode::refuse);
    EXPECT_EQ(b->delay, SimTime(10ms));
    EXPECT_EQ(format_button_spec(*b), "refuse:10ms");
    for (const char* bad : {"", "press", "hold:", "hold:x", "refuse:-1", "press-after:1:2"})
        EXPECT_FALSE(parse_button_spec(bad)) << bad;
}

TEST(UdpAddress, Forms) {
    auto a = parse_udp_address("127.0.0.1:8111");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->port(), 8111);
    EXPECT_EQ(format_udp_address(*a), "127.0.0.1:8111");
    a = parse_udp_address("localhost:0");
    ASSERT_TRUE(a);
    EXPECT_EQ(format_udp_address(*a), "127.0.0.1:0");
    a = parse_udp_address("[::1]:9");
    ASSERT_TRUE(a);
    EXPECT_EQ(format_udp_address(*a), "[::1]:9");
    std::string why;
    for (const char* bad : {"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:x",
                            "example.org:80", "::1:80", "[::1]80", ":80"}) {
        EXPECT_FALSE(parse_udp_address(bad, &why)) << bad;
        EXPECT_FALSE(why.empty()) << bad;
    }
}

}  // namespace
}  // namespace nk3::sim
