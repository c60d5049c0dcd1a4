// GpiodTouch: opening errors on a host without the chip; policies on a simulated chip.
#include "rig/gpiod/gpiod_touch.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rig/gpiod/tests/gpio_chips.hpp"
#include "rig/rig_error.hpp"

namespace nk3::rig {
namespace {

using ::testing::HasSubstr;

TEST(GpiodTouch, MissingChipIsARigErrorNamingIt) {
    try {
        GpiodTouch touch({"gpiochip-nk3rig-absent", 27, false}, std::chrono::milliseconds(300));
        FAIL() << "opened an absent chip";
    } catch (const RigError& e) {
        EXPECT_THAT(e.what(), HasSubstr("gpiochip-nk3rig-absent"));
    }
}

TEST(GpiodTouch, RefuseIsImpossibleHoldAndPressAreAccepted) {
    const auto chip = test::simulated_gpiochip();
    if (!chip) GTEST_SKIP() << test::kNoSimChip;
    GpiodTouch touch({*chip, 1, false}, std::chrono::milliseconds(10));
    TouchPolicy refuse{TouchPolicy::Mode::refuse, {}};
    try {
        touch.set_policy(refuse);
        FAIL() << "a GPIO touch accepted refuse";
    } catch (const RigError& e) {
        EXPECT_THAT(e.what(), HasSubstr("a GPIO touch cannot refuse"));
    }
    touch.set_policy({TouchPolicy::Mode::hold, {}});
    touch.request_sent();
    touch.set_policy({TouchPolicy::Mode::press_after, std::chrono::milliseconds(1)});
    touch.request_sent();
}

}  // namespace
}  // namespace nk3::rig
