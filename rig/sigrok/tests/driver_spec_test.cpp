// Driver specs as bench files write them.
#include "rig/sigrok/driver_spec.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace nk3::rig::sigrok {
namespace {

TEST(DriverSpec, DriverAlone) {
    const DriverSpec s = parse_driver_spec("fx2lafw");
    EXPECT_EQ(s.driver, "fx2lafw");
    EXPECT_TRUE(s.options.empty());
}

TEST(DriverSpec, DriverWithOptions) {
    const DriverSpec s = parse_driver_spec("fx2lafw:conn=1.5:serialcomm=115200/8n1");
    EXPECT_EQ(s.driver, "fx2lafw");
    ASSERT_EQ(s.options.size(), 2u);
    EXPECT_EQ(s.options[0], (std::pair<std::string, std::string>{"conn", "1.5"}));
    EXPECT_EQ(s.options[1].second, "115200/8n1");
}

TEST(DriverSpec, Malformed) {
    for (const char* bad :
         {"", ":conn=1", "fx2lafw:", "fx2lafw:conn", "fx2lafw:=1", "fx2lafw:conn=", "a=b"})
        EXPECT_THROW(parse_driver_spec(bad), std::invalid_argument) << bad;
}

}  // namespace
}  // namespace nk3::rig::sigrok
