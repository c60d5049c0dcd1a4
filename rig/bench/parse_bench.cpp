// The bench file schema (docs/bench.md): YAML text -> a validated Bench.
#include "rig/bench/parse_bench.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "yaml/document.hpp"
#include "yaml/read_input.hpp"
#include "yaml/strict_reader.hpp"

namespace nk3::rig::bench {

namespace {

using yaml::MapView;
using yaml::Value;

usbhub::VidPid vid_pid(const Value& v) {
    try {
        return usbhub::parse_vid_pid(v.line());
    } catch (const std::invalid_argument& e) {
        v.fail(e.what());
    }
}

bool active_low(const MapView& m) {
    if (auto v = m.find("active")) return v->one_of({"high", "low"}) == 1;
    return false;
}

GpioLineSpec gpio_line(const MapView& m) {
    GpioLineSpec line;
    const Value chip = m.get("chip");
    line.chip = chip.line();
    // A number is a chip number (gpiochipN): it must fit the unsigned the kernel takes.
    if (line.chip.find_first_not_of("0123456789") == std::string::npos)
        line.chip = std::to_string(chip.integer(0, 65535));
    line.line = static_cast<unsigned>(m.get("line").integer(0, 65535));
    line.active_low = active_low(m);
    return line;
}

KeySelector parse_key(const MapView& m) {
    m.allow_only({"path", "vid_pid", "serial"});
    KeySelector key;
    if (auto v = m.find("path")) {
        if (m.has("vid_pid") || m.has("serial"))
            v->fail("give either path, or vid_pid and/or serial, not both");
        key.path = v->line();
        if (key.path.rfind("/dev/", 0) != 0)
            v->fail("expected a device node like /dev/hidraw3, got " + yaml::quote(key.path));
    }
    if (auto v = m.find("vid_pid")) key.id = vid_pid(*v);
    if (auto v = m.find("serial")) key.serial = v->line();
    return key;
}

PowerSpec parse_power(const MapView& m) {
    const Value type = m.get("type");
    if (type.one_of({"gpiod", "usbhub"}) == 0) {
        m.allow_only({"type", "chip", "line", "active"});
        return gpio_line(m);
    }
    m.allow_only({"type", "hub", "vid_pid", "serial", "port"});
    UsbHubPortSpec spec;
    if (auto v = m.find("hub")) {
        if (m.has("vid_pid") || m.has("serial"))
            v->fail("give either hub (the hub's port path), or vid_pid and/or serial, not both");
        try {
            spec.hub.path = usbhub::parse_port_path(v->line());
        } catch (const std::invalid_argument& e) {
            v->fail(e.what());
        }
    } else if (auto id = m.find("vid_pid")) {
        spec.hub.id = vid_pid(*id);
        if (auto s = m.find("serial")) spec.hub.serial = s->line();
    } else {
        m.fail(m.field_of("hub"),
               "required field is missing (hub, or vid_pid with an optional serial)");
    }
    spec.port = static_cast<unsigned>(m.get("port").integer(1, 255));
    return spec;
}

// `channels_node` is the raw `channels:` mapping: its keys are the device's channel names (any
// name the analyzer has), which the strict MapView checks for duplicates but cannot list.
SigrokProbeSpec parse_probe(const MapView& m, const YAML::Node& channels_node) {
    m.allow_only({"type", "driver", "samplerate", "channels"});
    m.get("type").one_of({"sigrok"});
    SigrokProbeSpec spec;
    spec.driver = m.get("driver").line();
    if (spec.driver.find_first_of(" \t") != std::string::npos)
        m.find("driver")->fail("expected a sigrok driver like fx2lafw or fx2lafw:conn=1.5, got " +
                               yaml::quote(spec.driver));
    if (auto v = m.find("samplerate")) spec.samplerate_hz = v->integer(1000, 10'000'000'000ULL);
    const Value channels_value = m.get("channels");
    const MapView channels = channels_value.map();
    std::set<std::string> names;
    for (auto it = channels_node.begin(); it != channels_node.end(); ++it) {
        const std::string device_channel = it->first.Scalar();
        const Value v = *channels.find(device_channel);
        const std::string name = v.line();
        if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
            v.fail("expected a name of lower-case letters, digits and _ (like vbus), got " +
                   yaml::quote(name));
        if (!names.insert(name).second) v.fail("the name " + yaml::quote(name) + " is given twice");
        spec.channels[device_channel] = name;
    }
    if (spec.channels.empty()) channels_value.fail("expected at least one channel, like D0: vbus");
    return spec;
}

GpioTouchSpec parse_touch(const MapView& m) {
    m.allow_only({"type", "chip", "line", "active", "press_ms"});
    m.get("type").one_of({"gpiod"});
    GpioTouchSpec spec;
    spec.line = gpio_line(m);
    if (auto v = m.find("press_ms")) spec.press = std::chrono::milliseconds(v->integer(10, 10'000));
    return spec;
}

BenchTiming parse_timing(const MapView& m) {
    m.allow_only({"power_off_ms", "boot_wait_ms", "enumerate_timeout_ms"});
    BenchTiming t;
    if (auto v = m.find("power_off_ms"))
        t.power_off = std::chrono::milliseconds(v->integer(1, 600'000));
    if (auto v = m.find("boot_wait_ms"))
        t.boot_wait = std::chrono::milliseconds(v->integer(0, 600'000));
    if (auto v = m.find("enumerate_timeout_ms"))
        t.enumerate_timeout = std::chrono::milliseconds(v->integer(100, 600'000));
    return t;
}

Bench parse_document(const YAML::Node& doc, const yaml::Source& src) {
    const MapView top(src, doc, "", doc.Mark());
    top.allow_only({"name", "about", "key", "power", "probe", "touch", "timing"});
    Bench b;
    if (auto v = top.find("name")) b.name = v->line();
    if (auto v = top.find("about")) b.about = v->line();
    if (auto v = top.find("key")) b.key = parse_key(v->map());
    b.power = parse_power(top.get("power").map());
    if (auto v = top.find("probe")) {
        const MapView probe = v->map();
        b.probe = parse_probe(probe, doc["probe"]["channels"]);
    }
    if (auto v = top.find("touch")) b.touch = parse_touch(v->map());
    if (auto v = top.find("timing")) b.timing = parse_timing(v->map());
    return b;
}

}  // namespace

std::string describe(const KeySelector& key) {
    if (!key.path.empty()) return key.path;
    std::string out = "first FIDO device with VID:PID " + usbhub::to_string(key.id);
    if (!key.serial.empty()) out += " and serial " + key.serial;
    return out;
}

Bench parse_bench(std::string_view yaml_text, const std::string& source_name) {
    const yaml::Source src{source_name};
    const YAML::Node root = yaml::load_single_document(yaml_text, src, "bench file");
    Bench b = yaml::parse_guarded(src, [&] { return parse_document(root, src); });
    b.source = source_name;
    if (b.name.empty()) b.name = std::filesystem::path(source_name).stem().string();
    return b;
}

Bench load_bench(const std::string& path) {
    return parse_bench(yaml::read_input_file(path, "bench file"), path);  // bounded read
}

}  // namespace nk3::rig::bench
