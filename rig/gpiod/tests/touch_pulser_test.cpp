// TouchPulser: presses after arming, once per arming, never when disarmed; drive errors surface.
#include "rig/gpiod/touch_pulser.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <stdexcept>
#include <vector>

namespace nk3::rig {
namespace {

using namespace std::chrono_literals;

struct Recorder {
    std::mutex m;
    std::vector<bool> levels;
    void operator()(bool on) {
        std::lock_guard lock(m);
        levels.push_back(on);
    }
    std::vector<bool> get() {
        std::lock_guard lock(m);
        return levels;
    }
};

TEST(TouchPulser, ArmedPressesOnceThenReleases) {
    Recorder rec;
    TouchPulser pulser([&](bool on) { rec(on); }, 1ms);
    pulser.arm(1ms);
    ASSERT_TRUE(pulser.wait_presses(1, 10s));
    EXPECT_EQ(rec.get(), (std::vector<bool>{true, false}));
    pulser.arm(0ms);
    ASSERT_TRUE(pulser.wait_presses(2, 10s));
    EXPECT_EQ(rec.get(), (std::vector<bool>{true, false, true, false}));
}

TEST(TouchPulser, DisarmedBeforeDueNeverPresses) {
    Recorder rec;
    {
        TouchPulser pulser([&](bool on) { rec(on); }, 1ms);
        pulser.arm(1h);
        pulser.disarm();
        EXPECT_EQ(pulser.presses(), 0u);
    }  // destruction stops the worker without pressing
    EXPECT_TRUE(rec.get().empty());
}

TEST(TouchPulser, DriveErrorIsRethrownByTheNextCall) {
    TouchPulser pulser([](bool) { throw std::runtime_error("line gone"); }, 1ms);
    pulser.arm(0ms);
    // The failed press is not counted. arm() while the press is pending does nothing; once the
    // worker has failed, the next call rethrows (disarm() would cancel the press instead).
    for (int i = 0; i < 10000; ++i) {
        try {
            pulser.arm(1h);
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "line gone");
            return;
        }
        std::this_thread::sleep_for(1ms);
    }
    FAIL() << "the drive error never surfaced";
}

}  // namespace
}  // namespace nk3::rig
