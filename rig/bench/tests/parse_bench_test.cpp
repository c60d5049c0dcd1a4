// Bench files: every shipped example parses; mistakes name file:line:column and the field.
#include "rig/bench/parse_bench.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "yaml/input_error.hpp"

namespace nk3::rig::bench {
namespace {

using ::testing::HasSubstr;

struct Where {
    int line;
    int column;
    std::string field;
    std::string message;
};

Where error_of(const std::string& text) {
    try {
        parse_bench(text, "b.yaml");
    } catch (const yaml::InputError& e) {
        EXPECT_EQ(e.file(), "b.yaml");
        return {e.line(), e.column(), e.field(), e.message()};
    }
    ADD_FAILURE() << "accepted:\n" << text;
    return {};
}

constexpr const char* kGpio = "power: {type: gpiod, chip: gpiochip0, line: 17}\n";

TEST(ParseBench, EveryShippedExampleParses) {
    int count = 0;
    for (const auto& e : std::filesystem::directory_iterator(NK3RIG_SOURCE_DIR "/hardware")) {
        if (e.path().extension() != ".yaml") continue;
        SCOPED_TRACE(e.path().string());
        const Bench b = load_bench(e.path().string());
        EXPECT_EQ(b.name, e.path().stem().string()) << "an example's name is its file name";
        EXPECT_FALSE(b.about.empty());
        ++count;
    }
    EXPECT_GE(count, 2);
}

TEST(ParseBench, GpioExampleInFull) {
    const Bench b = load_bench(NK3RIG_SOURCE_DIR "/hardware/gpio-vbus-nk3.yaml");
    EXPECT_EQ(b.key.id, kNitrokey3);
    const auto& line = std::get<GpioLineSpec>(b.power);
    EXPECT_EQ(line.chip, "gpiochip0");
    EXPECT_EQ(line.line, 17u);
    EXPECT_FALSE(line.active_low);
    ASSERT_TRUE(b.probe);
    EXPECT_EQ(b.probe->driver, "fx2lafw");
    EXPECT_EQ(b.probe->samplerate_hz, 1'000'000u);
    EXPECT_EQ(b.probe->channels.at("D0"), "vbus");
    ASSERT_TRUE(b.touch);
    EXPECT_EQ(b.touch->line.line, 27u);
    EXPECT_EQ(b.touch->press, std::chrono::milliseconds(300));
    EXPECT_EQ(b.timing.power_off, std::chrono::milliseconds(2000));
}

TEST(ParseBench, DefaultsAndUsbHub) {
    const Bench b = parse_bench("power: {type: usbhub, vid_pid: 2109:2817, serial: X1, port: 3}\n",
                                "/x/lab1.yaml");
    EXPECT_EQ(b.name, "lab1");
    EXPECT_EQ(b.key.id, kNitrokey3);
    EXPECT_TRUE(b.key.path.empty());
    EXPECT_EQ(describe(b.key), "first FIDO device with VID:PID 20a0:42b2");
    const auto& hub = std::get<UsbHubPortSpec>(b.power);
    EXPECT_EQ(hub.hub.id, (usbhub::VidPid{0x2109, 0x2817}));
    EXPECT_EQ(hub.hub.serial, "X1");
    EXPECT_EQ(hub.port, 3u);
    EXPECT_FALSE(b.probe);
    EXPECT_FALSE(b.touch);
    EXPECT_EQ(b.timing.power_off, std::chrono::milliseconds(2000));
    EXPECT_EQ(b.timing.enumerate_timeout, std::chrono::milliseconds(10000));
}

TEST(ParseBench, KeyByPathOrSerial) {
    EXPECT_EQ(parse_bench(std::string("key: {path: /dev/hidraw3}\n") + kGpio, "b").key.path,
              "/dev/hidraw3");
    const Bench b = parse_bench(std::string("key: {serial: \"0001\"}\n") + kGpio, "b");
    EXPECT_EQ(describe(b.key), "first FIDO device with VID:PID 20a0:42b2 and serial 0001");
}

TEST(ParseBench, UnknownKeyNamesLineColumnAndField) {
    const Where w = error_of(std::string(kGpio) + "timing:\n  power_of_ms: 100\n");
    EXPECT_EQ(w.line, 3);
    EXPECT_EQ(w.column, 3);
    EXPECT_EQ(w.field, "timing.power_of_ms");
    EXPECT_THAT(w.message, HasSubstr("unknown field"));
    EXPECT_THAT(w.message, HasSubstr("power_off_ms"));
}

TEST(ParseBench, BadValues) {
    Where w = error_of("power:\n  type: relay\n");
    EXPECT_EQ(w.line, 2);
    EXPECT_EQ(w.column, 9);
    EXPECT_EQ(w.field, "power.type");
    EXPECT_THAT(w.message, HasSubstr("expected one of gpiod, usbhub"));

    w = error_of("power: {type: gpiod, chip: gpiochip0, line: -1}\n");
    EXPECT_EQ(w.field, "power.line");
    EXPECT_THAT(w.message, HasSubstr("out of range"));

    w = error_of("power: {type: gpiod, chip: gpiochip0, line: 1, active: maybe}\n");
    EXPECT_EQ(w.field, "power.active");

    w = error_of(std::string("key: {vid_pid: 20a0-42b2}\n") + kGpio);
    EXPECT_EQ(w.line, 1);
    EXPECT_EQ(w.field, "key.vid_pid");
    EXPECT_THAT(w.message, HasSubstr("VID:PID like"));

    w = error_of("power: {type: usbhub, hub: usb1, port: 2}\n");
    EXPECT_EQ(w.field, "power.hub");
    EXPECT_THAT(w.message, HasSubstr("port path like 1-1.4"));

    w = error_of("power: {type: usbhub, hub: 1-1, port: 0}\n");
    EXPECT_EQ(w.field, "power.port");

    w = error_of(std::string(kGpio) + "timing: {power_off_ms: \"2000\"}\n");
    EXPECT_EQ(w.field, "timing.power_off_ms");
    EXPECT_THAT(w.message, HasSubstr("string"));
}

TEST(ParseBench, ContradictionsAndMissingFields) {
    Where w = error_of("power: {type: usbhub, hub: 1-1, vid_pid: 2109:2817, port: 2}\n");
    EXPECT_EQ(w.field, "power.hub");
    EXPECT_THAT(w.message, HasSubstr("not both"));

    w = error_of("power: {type: usbhub, port: 2}\n");
    EXPECT_EQ(w.field, "power.hub");
    EXPECT_THAT(w.message, HasSubstr("missing"));

    w = error_of(std::string("key: {path: /dev/hidraw1, serial: A}\n") + kGpio);
    EXPECT_EQ(w.field, "key.path");

    w = error_of(std::string("key: {path: hidraw1}\n") + kGpio);
    EXPECT_THAT(w.message, HasSubstr("/dev/hidraw3"));

    w = error_of("key: {vid_pid: 20a0:42b2}\n");
    EXPECT_EQ(w.field, "power");
    EXPECT_THAT(w.message, HasSubstr("required field is missing"));

    w = error_of("power: {type: gpiod, chip: gpiochip0, line: 1, port: 2}\n");
    EXPECT_EQ(w.field, "power.port");
    EXPECT_THAT(w.message, HasSubstr("unknown field"));
}

TEST(ParseBench, ProbeChannels) {
    const std::string probe = "probe:\n  type: sigrok\n  driver: demo\n  channels:\n";
    const Bench b = parse_bench(std::string(kGpio) + probe + "    D0: vbus\n    D3: rail\n", "b");
    EXPECT_EQ(b.probe->channels.size(), 2u);
    EXPECT_EQ(b.probe->channels.at("D3"), "rail");

    Where w = error_of(std::string(kGpio) + probe + "    D0: vbus\n    D1: vbus\n");
    EXPECT_EQ(w.line, 7);
    EXPECT_EQ(w.field, "probe.channels.D1");
    EXPECT_THAT(w.message, HasSubstr("given twice"));

    w = error_of(std::string(kGpio) + probe + "    D0: VBUS 5V\n");
    EXPECT_EQ(w.field, "probe.channels.D0");

    w = error_of(std::string(kGpio) + probe + "    D0: vbus\n    D0: rail\n");
    EXPECT_THAT(w.message, HasSubstr("duplicate key"));

    w = error_of(std::string(kGpio) + "probe: {type: sigrok, driver: demo, channels: {}}\n");
    EXPECT_EQ(w.field, "probe.channels");

    w = error_of(std::string(kGpio) + "probe: {type: saleae, driver: x, channels: {D0: v}}\n");
    EXPECT_EQ(w.field, "probe.type");
}

TEST(ParseBench, TouchAndSyntax) {
    Where w = error_of(std::string(kGpio) +
                       "touch: {type: gpiod, chip: gpiochip0, line: 4, press_ms: 1}\n");
    EXPECT_EQ(w.field, "touch.press_ms");

    w = error_of("power: {type: gpiod\n");
    EXPECT_GT(w.line, 0);
    EXPECT_THAT(w.message, HasSubstr("YAML syntax error"));

    w = error_of("");
    EXPECT_THAT(w.message, HasSubstr("empty"));

    w = error_of("- power\n");
    EXPECT_THAT(w.message, HasSubstr("expected a mapping"));
}

TEST(ParseBench, MissingFileIsAnInputError) {
    try {
        load_bench("/nonexistent/bench.yaml");
        FAIL();
    } catch (const yaml::InputError& e) {
        EXPECT_EQ(e.file(), "/nonexistent/bench.yaml");
        EXPECT_THAT(e.message(), HasSubstr("cannot read"));
    }
}

TEST(ParseBench, NumericChipMustFitAChipNumber) {
    // Was std::stoul at open time: "internal error: stoul", exit 3, no position.
    const Where w =
        error_of("power:\n  type: gpiod\n  chip: 99999999999999999999999\n  line: 17\n");
    EXPECT_EQ(w.line, 3);
    EXPECT_EQ(w.column, 9);
    EXPECT_EQ(w.field, "power.chip");
    EXPECT_THAT(w.message, HasSubstr("out of range"));
    const Bench b = parse_bench("power: {type: gpiod, chip: 0004, line: 17}\n", "b.yaml");
    EXPECT_EQ(std::get<GpioLineSpec>(b.power).chip, "4");
}

}  // namespace
}  // namespace nk3::rig::bench
