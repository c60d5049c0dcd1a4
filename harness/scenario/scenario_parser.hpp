#pragma once
// Reading scenarios (docs/scenarios.md): YAML text -> a checked Scenario, strictly. Unknown
// keys, wrong types, bad values, unknown step or check names, a step naming a credential no
// earlier step made (or one deleted since), repeat counts out of range, a fault plan missing
// its fields... each is a yaml::InputError naming file:line:column and the field (the CLI exits
// 2). Repeats are unrolled into FlatSteps that keep their source line.
//
// The nightly run is a suite file: `include:` lists scenario files (scenarios/nightly.yaml).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/scenario.hpp"
#include "yaml/input_error.hpp"

namespace nk3::scenario {

// Limits the parser enforces.
inline constexpr std::uint32_t kMaxRepeat = 10'000;
inline constexpr std::size_t kMaxSteps = 100'000;  // per section, after unrolling

// Parses one scenario; `source` names it in errors and becomes Scenario::source.
Scenario parse_scenario(std::string_view text, const std::string& source);
// Reads and parses a scenario file. A suite file is an error here (use load_scenarios).
Scenario load_scenario(const std::filesystem::path& path);
// A suite file (top-level `include:`): its `name:` and the scenarios it lists, in its order,
// paths relative to the suite's folder. Scenario names must be unique; suites do not nest.
struct Suite {
    std::string name;
    std::vector<Scenario> scenarios;
};
// Reads and parses a suite file. A scenario file is an error here (use load_scenarios).
Suite load_suite(const std::filesystem::path& path);
// A scenario file gives itself; a suite file gives load_suite's scenarios.
std::vector<Scenario> load_scenarios(const std::filesystem::path& path);

// True when the text is a suite (a top-level mapping with `include:`).
bool is_suite(std::string_view text);

// The step's name as written in a scenario ("get_assertion").
std::string_view step_name(const Step& step);

}  // namespace nk3::scenario
