// Firmware version strings <-> the NK3's u32 encoding; UUID text.

#include "profiles/firmware_version.hpp"

#include <gtest/gtest.h>

#include "profiles/uuid_text.hpp"

namespace nk3::profiles {
namespace {

TEST(FirmwareVersion, EncodesMajorMinorPatchAsTheNk3Does) {
    EXPECT_EQ(encode_firmware_version("1.3.1"), std::optional<std::uint32_t>(0x004000C1));
    EXPECT_EQ(encode_firmware_version("1.3.0"), std::optional<std::uint32_t>(1u << 22 | 3u << 6));
    EXPECT_EQ(encode_firmware_version("0.0.0"), std::optional<std::uint32_t>(0));
    EXPECT_EQ(encode_firmware_version("1023.65535.63"), std::optional<std::uint32_t>(0xFFFFFFFF));
    EXPECT_EQ(format_firmware_version(0x004000C1), "1.3.1");
    EXPECT_EQ(format_firmware_version(*encode_firmware_version("1.8.12")), "1.8.12");
}

TEST(FirmwareVersion, RejectsAnythingButThreeNumbersInRange) {
    for (const char* bad :
         {"", "1", "1.3", "1.3.1.4", "1.3.x", "1..3", ".1.3", "1.3.", "-1.3.1", "1.3.64",
          "1024.0.0", "0.65536.0", "1.3.1-rc1", " 1.3.1", "99999999999.0.0"})
        EXPECT_FALSE(encode_firmware_version(bad).has_value()) << bad;
}

TEST(UuidText, ParsesAndFormats) {
    const auto u = parse_uuid("2CD2F727-f6ca-44da-8f48-5c2e5da000a2");
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ((*u)[0], 0x2C);
    EXPECT_EQ((*u)[15], 0xA2);
    EXPECT_EQ(format_uuid(*u), "2cd2f727-f6ca-44da-8f48-5c2e5da000a2");
    for (const char* bad :
         {"", "2cd2f727f6ca44da8f485c2e5da000a2", "2cd2f727-f6ca-44da-8f48-5c2e5da000a",
          "2cd2f727-f6ca-44da-8f48-5c2e5da000a2x", "2cd2f72g-f6ca-44da-8f48-5c2e5da000a2",
          "2cd2f727+f6ca-44da-8f48-5c2e5da000a2"})
        EXPECT_FALSE(parse_uuid(bad).has_value()) << bad;
}

}  // namespace
}  // namespace nk3::profiles
