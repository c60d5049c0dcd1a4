// EdgeDetector: edges of watched bits with their times; first sample only sets levels.
#include "rig/sigrok/edge_detector.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace nk3::rig::sigrok {
namespace {

TEST(EdgeDetector, EdgesOfWatchedBitsAcrossPackets) {
    EdgeDetector det({{0, "vbus"}, {9, "rail"}}, 1'000'000);  // 1 MHz: 1 us per sample
    // 2-byte samples: bit 0 in byte 0, bit 9 = bit 1 of byte 1.
    const std::vector<std::uint8_t> first{0x01, 0x02, 0x01, 0x02, 0x00, 0x02};
    const std::vector<std::uint8_t> second{0x00, 0x00, 0x01, 0x00};
    det.feed(first, 2);
    det.feed(second, 2);
    EXPECT_EQ(det.samples(), 5u);
    EXPECT_EQ(det.initial_level("vbus"), true);
    EXPECT_EQ(det.initial_level("rail"), true);
    const auto& e = det.edges();
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0].channel, "vbus");
    EXPECT_FALSE(e[0].level);
    EXPECT_EQ(e[0].t_ns, 2000);
    EXPECT_EQ(e[1].channel, "rail");
    EXPECT_FALSE(e[1].level);
    EXPECT_EQ(e[1].t_ns, 3000);
    EXPECT_EQ(e[2].channel, "vbus");
    EXPECT_TRUE(e[2].level);
    EXPECT_EQ(e[2].t_ns, 4000);
}

TEST(EdgeDetector, TimesStayExactForLongCaptures) {
    EdgeDetector det({{0, "x"}}, 3);        // 3 Hz: sample n is at n/3 s
    std::vector<std::uint8_t> data(10, 0);  // sample 9 is at 3 s
    data.back() = 1;
    det.feed(data, 1);
    ASSERT_EQ(det.edges().size(), 1u);
    EXPECT_EQ(det.edges()[0].t_ns, 3'000'000'000);
    EXPECT_FALSE(det.initial_level("none").has_value());
}

}  // namespace
}  // namespace nk3::rig::sigrok
