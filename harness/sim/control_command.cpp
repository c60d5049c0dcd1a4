// Parsing the control port's text commands (see control_command.hpp for the language).

#include "harness/sim/control_command.hpp"

#include <charconv>
#include <vector>

#include "harness/sim/button_spec.hpp"
#include "harness/sim/duration.hpp"

namespace nk3::sim {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_blank(text[i]))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_blank(text[i]))
            ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

// A printable, bounded rendering of user input for error messages.
std::string quote(std::string_view word) {
    std::string out = "'";
    for (char c : word.substr(0, 40)) {
        const auto u = static_cast<unsigned char>(c);
        out += (u >= 0x20 && u < 0x7F) ? c : '?';
    }
    if (word.size() > 40) out += "...";
    return out + "'";
}

ControlParseError error(std::string message) {
    return ControlParseError{std::move(message)};
}

}  // namespace

std::variant<ControlCommand, ControlParseError> parse_control_command(std::string_view text) {
    if (text.size() > kMaxControlCommandSize)
        return error("command too long (" + std::to_string(text.size()) + " bytes, at most " +
                     std::to_string(kMaxControlCommandSize) + ")");
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && !is_blank(c)) || u >= 0x7F)
            return error("command is not printable ASCII text");
    }
    const auto words = split_words(text);
    if (words.empty()) return error("empty command; try 'help'");
    const std::string_view verb = words[0];
    const std::size_t args = words.size() - 1;
    using Kind = ControlCommand::Kind;
    ControlCommand command;

    auto no_args = [&](Kind kind) -> std::variant<ControlCommand, ControlParseError> {
        if (args != 0)
            return error(std::string(verb) + " takes no argument, got " + quote(words[1]));
        command.kind = kind;
        return command;
    };
    if (verb == "status") return no_args(Kind::status);
    if (verb == "off") return no_args(Kind::off);
    if (verb == "on") return no_args(Kind::on);
    if (verb == "disarm") return no_args(Kind::disarm);
    if (verb == "save") return no_args(Kind::save);
    if (verb == "help") return no_args(Kind::help);
    if (verb == "cycle") {
        command.kind = Kind::cycle;
        if (args > 1) return error("usage: cycle [OFF_TIME], e.g. cycle 500ms");
        if (args == 1) {
            const auto d = parse_duration(words[1]);
            if (!d)
                return error("cycle: bad off time " + quote(words[1]) +
                             " (e.g. 500ms, 2s; at most a day)");
            command.off_time = *d;
        }
        return command;
    }
    if (verb == "cut-after") {
        command.kind = Kind::cut_after;
        if (args != 2) return error("usage: cut-after N before|torn|after");
        const std::string_view n = words[1];
        const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), command.ops_from_now);
        if (ec != std::errc{} || end != n.data() + n.size())
            return error(
                "cut-after: N must be a count of flash operations (0 = the next one), "
                "got " +
                quote(n));
        if (command.ops_from_now > kMaxCutDistance)
            return error("cut-after: N is too far ahead (at most " +
                         std::to_string(kMaxCutDistance) + " flash operations)");
        const auto mode = flash::parse_cut_mode(words[2]);
        if (!mode)
            return error("cut-after: mode must be before, torn or after, got " + quote(words[2]));
        command.mode = *mode;
        return command;
    }
    if (verb == "button") {
        command.kind = Kind::button;
        if (args != 1 && args != 2)
            return error("usage: button press-after[:DELAY]|refuse[:DELAY]|hold[:TIMEOUT]");
        std::string spec(words[1]);
        if (args == 2) spec += ":" + std::string(words[2]);
        const auto button = parse_button_spec(spec);
        if (!button)
            return error(
                "button: expected press-after[:DELAY], refuse[:DELAY] or "
                "hold[:TIMEOUT], got " +
                quote(spec));
        command.button = *button;
        return command;
    }
    return error("unknown command " + quote(verb) + "; try 'help'");
}

std::string_view to_string(ControlCommand::Kind kind) {
    using Kind = ControlCommand::Kind;
    switch (kind) {
        case Kind::status:
            return "status";
        case Kind::off:
            return "off";
        case Kind::on:
            return "on";
        case Kind::cycle:
            return "cycle";
        case Kind::cut_after:
            return "cut-after";
        case Kind::disarm:
            return "disarm";
        case Kind::button:
            return "button";
        case Kind::save:
            return "save";
        case Kind::help:
            return "help";
    }
    return "?";
}

const char* control_command_usage() {
    return "status | off | on | cycle [OFF_TIME] | cut-after N before|torn|after | disarm | "
           "button press-after[:DELAY]|refuse[:DELAY]|hold[:TIMEOUT] | save | help";
}

}  // namespace nk3::sim
