// The control port's language: what parses, to what, and what is refused with which message.

#include "harness/sim/control_command.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace nk3::sim {
namespace {

using Kind = ControlCommand::Kind;
using namespace std::chrono_literals;

ControlCommand parse_ok(std::string_view text) {
    const auto parsed = parse_control_command(text);
    if (const auto* e = std::get_if<ControlParseError>(&parsed))
        ADD_FAILURE() << "'" << text << "': " << e->message;
    return std::get_if<ControlCommand>(&parsed) ? std::get<ControlCommand>(parsed)
                                                : ControlCommand{};
}

std::string parse_error(std::string_view text) {
    const auto parsed = parse_control_command(text);
    if (const auto* e = std::get_if<ControlParseError>(&parsed)) return e->message;
    ADD_FAILURE() << "'" << text << "' parsed";
    return {};
}

TEST(ControlCommand, SimpleVerbs) {
    EXPECT_EQ(parse_ok("status").kind, Kind::status);
    EXPECT_EQ(parse_ok("off").kind, Kind::off);
    EXPECT_EQ(parse_ok("on\n").kind, Kind::on);
    EXPECT_EQ(parse_ok("  disarm \r\n").kind, Kind::disarm);
    EXPECT_EQ(parse_ok("save").kind, Kind::save);
    EXPECT_EQ(parse_ok("help").kind, Kind::help);
}

TEST(ControlCommand, CycleTakesAnOptionalOffTime) {
    EXPECT_EQ(parse_ok("cycle").off_time, SimTime(2s));
    EXPECT_EQ(parse_ok("cycle 500ms").off_time, SimTime(500ms));
    EXPECT_EQ(parse_ok("cycle 250").off_time, SimTime(250ms));
    EXPECT_EQ(parse_ok("cycle 1.5s").off_time, SimTime(1500ms));
    EXPECT_NE(parse_error("cycle soon").find("bad off time"), std::string::npos);
    EXPECT_NE(parse_error("cycle -1").find("bad off time"), std::string::npos);
    EXPECT_NE(parse_error("cycle 2d").find("bad off time"), std::string::npos);
    EXPECT_NE(parse_error("cycle 1 2").find("usage"), std::string::npos);
}

TEST(ControlCommand, CutAfter) {
    const auto c = parse_ok("cut-after 12 torn");
    EXPECT_EQ(c.kind, Kind::cut_after);
    EXPECT_EQ(c.ops_from_now, 12u);
    EXPECT_EQ(c.mode, flash::CutMode::torn);
    EXPECT_EQ(parse_ok("cut-after 0 before").mode, flash::CutMode::before);
    EXPECT_EQ(parse_ok("cut-after 1000000000000 after").ops_from_now, kMaxCutDistance);
    EXPECT_NE(parse_error("cut-after 1000000000001 after").find("too far"), std::string::npos);
    EXPECT_NE(parse_error("cut-after 18446744073709551616 after").find("count"), std::string::npos);
    EXPECT_NE(parse_error("cut-after -1 torn").find("count"), std::string::npos);
    EXPECT_NE(parse_error("cut-after 1x torn").find("count"), std::string::npos);
    EXPECT_NE(parse_error("cut-after 1 sideways").find("before, torn or after"), std::string::npos);
    EXPECT_NE(parse_error("cut-after 1").find("usage"), std::string::npos);
    EXPECT_NE(parse_error("cut-after").find("usage"), std::string::npos);
}

TEST(ControlCommand, Button) {
    auto c = parse_ok("button hold");
    EXPECT_EQ(c.button.mode, device::ButtonConfig::Mode::hold);
    c = parse_ok("button refuse 50ms");
    EXPECT_EQ(c.button.mode, device::ButtonConfig::Mode::refuse);
    EXPECT_EQ(c.button.delay, SimTime(50ms));
    c = parse_ok("button press-after:1s");
    EXPECT_EQ(c.button.mode, device::ButtonConfig::Mode::press_after);
    EXPECT_EQ(c.button.delay, SimTime(1s));
    EXPECT_NE(parse_error("button").find("usage"), std::string::npos);
    EXPECT_NE(parse_error("button squeeze").find("press-after"), std::string::npos);
    EXPECT_NE(parse_error("button hold:never").find("press-after"), std::string::npos);
}

TEST(ControlCommand, RefusesJunkWithAReadableMessage) {
    EXPECT_NE(parse_error("").find("empty"), std::string::npos);
    EXPECT_NE(parse_error(" \n").find("empty"), std::string::npos);
    EXPECT_NE(parse_error("status please").find("no argument"), std::string::npos);
    EXPECT_NE(parse_error("STATUS").find("unknown command 'STATUS'"), std::string::npos);
    EXPECT_NE(parse_error(std::string("st\0tus", 6)).find("printable"), std::string::npos);
    EXPECT_NE(parse_error("\xff\xfe").find("printable"), std::string::npos);
    EXPECT_NE(parse_error(std::string(kMaxControlCommandSize + 1, 'a')).find("too long"),
              std::string::npos);
    // A long unknown word is quoted, cut short.
    const auto message = parse_error(std::string(200, 'z'));
    EXPECT_LT(message.size(), 100u);
}

}  // namespace
}  // namespace nk3::sim
