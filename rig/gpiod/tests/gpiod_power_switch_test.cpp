// GpiodPowerSwitch: the errors a user meets on a host without the chip, and (when the kernel
// offers a gpio-sim/gpio-mockup chip) switching a real line.
#include "rig/gpiod/gpiod_power_switch.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rig/gpiod/tests/gpio_chips.hpp"
#include "rig/rig_error.hpp"

namespace nk3::rig {
namespace {

using ::testing::HasSubstr;

std::string error_of(const GpioLineSpec& spec) {
    try {
        GpiodPowerSwitch sw(spec);
    } catch (const RigError& e) {
        return e.what();
    }
    return "";
}

TEST(GpiodPowerSwitch, MissingChipNamesItAndSaysWhatThisHostHas) {
    const std::string msg = error_of({"gpiochip-nk3rig-absent", 17, false});
    ASSERT_FALSE(msg.empty());
    EXPECT_THAT(msg, HasSubstr("\"gpiochip-nk3rig-absent\" not found"));
    if (test::host_has_gpiochips())
        EXPECT_THAT(msg, HasSubstr("chips on this host: /dev/gpiochip"));
    else
        EXPECT_THAT(msg, HasSubstr("this host has no /dev/gpiochip*"));
}

TEST(GpiodPowerSwitch, MissingChipByPathAndByNumber) {
    EXPECT_THAT(error_of({"/dev/gpiochip-nk3rig-absent", 0, true}),
                HasSubstr("\"/dev/gpiochip-nk3rig-absent\" not found"));
    EXPECT_THAT(error_of({"4095", 0, false}), HasSubstr("\"4095\" not found"));
}

TEST(GpiodPowerSwitch, SwitchesALineOfASimulatedChip) {
    const auto chip = test::simulated_gpiochip();
    if (!chip) GTEST_SKIP() << test::kNoSimChip;
    GpiodPowerSwitch sw({*chip, 0, false});
    EXPECT_THAT(sw.describe(), HasSubstr("line 0 (active high)"));
    sw.set(false);
    sw.set(true);
    // A second holder of the same line is refused, naming the first.
    EXPECT_THAT(error_of({*chip, 0, false}), HasSubstr("nk3rig-power"));
    EXPECT_THAT(error_of({*chip, 100000, false}), HasSubstr("does not exist"));
}

}  // namespace
}  // namespace nk3::rig
