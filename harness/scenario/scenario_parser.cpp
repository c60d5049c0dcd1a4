// The scenario schema's top level (docs/scenarios.md): name, about, target, setup, operation,
// fault, checks. Steps are in step_parser.cpp, fault plans in fault_plan_parser.cpp.

#include "harness/scenario/scenario_parser.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "harness/checks/check.hpp"
#include "harness/scenario/fault_plan_parser.hpp"
#include "harness/scenario/step_parser.hpp"
#include "harness/scenario/yaml_node.hpp"
#include "profiles/profile_loader.hpp"
#include "yaml/document.hpp"

namespace nk3::scenario {

namespace {

std::string check_list() {
    std::string out;
    for (auto n : checks::check_names())
        out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

std::string parse_name(const Node& node) {
    const std::string name = node.value().line();
    if (name.size() > 64 ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        node.fail("expected a name of 1 to 64 characters a-z, 0-9 and '-', got " +
                  yaml::quote(name));
    return name;
}

std::string parse_target(const Node& node) {
    const std::string target = node.value().line();
    const auto rest = [&](std::string_view prefix) {
        return target.starts_with(prefix) ? target.substr(prefix.size()) : std::string();
    };
    const std::string expected =
        "expected sim:PROFILE, sim:FILE.yaml or bench:FILE.yaml, got " + yaml::quote(target);
    if (target.starts_with("bench:")) {
        if (rest("bench:").empty()) node.fail(expected);
        return target;
    }
    if (!target.starts_with("sim:") || rest("sim:").empty()) node.fail(expected);
    const std::string profile = rest("sim:");
    if (!profiles::spec_is_path(profile)) {
        const auto names = profiles::builtin_profile_names();
        if (std::find(names.begin(), names.end(), profile) == names.end()) {
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            node.fail("unknown profile " + yaml::quote(profile) + "; shipped: " + list +
                      " (or sim:FILE.yaml)");
        }
    }
    return target;
}

std::vector<std::string> parse_checks(const Node& node) {
    std::vector<std::string> out;
    const auto& known = checks::check_names();
    for (const auto& item : node.list(false)) {
        const std::string name = item.value().string();
        if (std::find(known.begin(), known.end(), name) == known.end())
            item.fail("unknown check " + yaml::quote(name) + "; expected one of " + check_list());
        if (std::find(out.begin(), out.end(), name) != out.end())
            item.fail("check " + name + " is listed twice");
        out.push_back(name);
    }
    return out;
}

Scenario parse_document(const YAML::Node& root, const yaml::Source& src) {
    const Node top(src, root, "", YAML::Mark());
    const yaml::MapView m = top.map();
    if (m.has("include"))
        top.get(m, "include").fail("this is a suite file (include:); load it as a suite");
    m.allow_only({"name", "about", "target", "setup", "operation", "fault", "checks"});

    Scenario s;
    s.source = src.name;
    s.name = parse_name(top.get(m, "name"));
    s.about = top.get(m, "about").value().line();
    s.target = parse_target(top.get(m, "target"));
    StepParser steps;
    if (auto setup = top.child(m, "setup")) s.setup = steps.section(*setup, true);
    s.operation = steps.section(top.get(m, "operation"), false);
    s.fault = parse_fault_plan(top.get(m, "fault"));
    const Node checks_node = top.get(m, "checks");
    s.checks = parse_checks(checks_node);
    for (const char* pin_check : {"pin_still_set", "pin_retries_consumed"})
        if (std::find(s.checks.begin(), s.checks.end(), pin_check) != s.checks.end() &&
            !steps.pin_ever_set())
            checks_node.fail(std::string(pin_check) +
                             " needs a PIN, and no step of setup or operation sets one");
    return s;
}

}  // namespace

bool is_suite(std::string_view text) {
    try {
        const YAML::Node root = yaml::load_single_document(text, yaml::Source{""}, "file");
        return root.IsMap() && root["include"].IsDefined();
    } catch (const yaml::InputError&) {
        return false;  // parse_scenario reports it with its position
    } catch (const YAML::Exception&) {
        return false;
    }
}

Scenario parse_scenario(std::string_view text, const std::string& source) {
    const yaml::Source src{source};
    const YAML::Node root = yaml::load_single_document(text, src, "file");
    return yaml::parse_guarded(src, [&] { return parse_document(root, src); });
}

std::string_view step_name(const Step& step) {
    struct Name {
        std::string_view operator()(const Reset&) const { return "reset"; }
        std::string_view operator()(const SetPin&) const { return "set_pin"; }
        std::string_view operator()(const ChangePin&) const { return "change_pin"; }
        std::string_view operator()(const PinAttempt&) const { return "pin_attempt"; }
        std::string_view operator()(const MakeCredential&) const { return "make_credential"; }
        std::string_view operator()(const GetAssertion&) const { return "get_assertion"; }
        std::string_view operator()(const DeleteCredential&) const { return "delete_credential"; }
        std::string_view operator()(const PowerCycle& s) const {
            return s.plug_in ? "plug_in" : "power_cycle";
        }
        std::string_view operator()(const Wait&) const { return "wait"; }
        std::string_view operator()(const Repeat&) const { return "repeat"; }
    };
    return std::visit(Name{}, step);
}

}  // namespace nk3::scenario
