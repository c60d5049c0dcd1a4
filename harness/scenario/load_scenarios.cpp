// Scenario and suite files from disk. A suite (scenarios/nightly.yaml) is a name, an about line
// and `include:`, a list of scenario files relative to the suite's folder.

#include <fstream>
#include <sstream>

#include "harness/scenario/scenario_parser.hpp"
#include "harness/scenario/yaml_node.hpp"
#include "yaml/document.hpp"
#include "yaml/read_input.hpp"

namespace nk3::scenario {

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw yaml::InputError(path.string(), 0, 0, "",
                               "is a directory; give a scenario file or a suite file such as "
                               "scenarios/nightly.yaml");
    return yaml::read_input_file(path, "file");  // bounded: /dev/zero cannot exhaust memory
}

Suite parse_suite(const std::string& text, const std::filesystem::path& path) {
    const yaml::Source src{path.string()};
    const YAML::Node root = yaml::load_single_document(text, src, "suite");
    const Node top(src, root, "", YAML::Mark());
    const yaml::MapView m = top.map();
    m.allow_only({"name", "about", "include"});
    Suite suite;
    suite.name = top.get(m, "name").value().line();
    top.get(m, "about").value().line();
    std::vector<Scenario>& out = suite.scenarios;
    for (const auto& item : top.get(m, "include").list(false)) {
        const std::string file = item.value().line();
        const std::filesystem::path included = path.parent_path() / file;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(included, ec))
            item.fail("no scenario file " + included.string());
        const std::string included_text = read_file(included);
        if (is_suite(included_text)) item.fail(file + " is a suite; suites do not nest");
        Scenario s = parse_scenario(included_text, included.string());
        for (const auto& earlier : out)
            if (earlier.name == s.name)
                item.fail("scenario " + s.name + " is included twice (" + earlier.source + ")");
        out.push_back(std::move(s));
    }
    return suite;
}

}  // namespace

Scenario load_scenario(const std::filesystem::path& path) {
    return parse_scenario(read_file(path), path.string());
}

Suite load_suite(const std::filesystem::path& path) {
    const std::string text = read_file(path);
    if (!is_suite(text))
        throw yaml::InputError(path.string(), 0, 0, "include",
                               "is a scenario, not a suite (a suite lists scenario files under "
                               "include:)");
    return parse_suite(text, path);
}

std::vector<Scenario> load_scenarios(const std::filesystem::path& path) {
    const std::string text = read_file(path);
    if (is_suite(text)) return parse_suite(text, path).scenarios;
    return {parse_scenario(text, path.string())};
}

}  // namespace nk3::scenario
