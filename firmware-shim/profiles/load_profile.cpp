// Finding a profile by name (shipped, embedded in the binary) or by path, and reading it.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "profiles/embedded_profiles.hpp"
#include "profiles/profile_loader.hpp"
#include "yaml/read_input.hpp"

namespace nk3::profiles {

namespace {

constexpr std::string_view kSimPrefix = "sim:";

std::string_view strip_prefix(std::string_view spec) {
    if (spec.starts_with(kSimPrefix)) spec.remove_prefix(kSimPrefix.size());
    return spec;
}

std::string available_list() {
    std::string out;
    for (const auto& name : builtin_profile_names())
        out += (out.empty() ? "" : ", ") + name;
    return out;
}

// A shipped file that only names another profile: {alias: NAME, about: TEXT}.
struct Alias {
    std::string target;
    std::string about;
};

std::optional<Alias> alias_in(std::string_view name, std::string_view text) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception&) {
        return std::nullopt;  // parse_profile reports it with its position
    }
    if (!root.IsMap() || !root["alias"]) return std::nullopt;
    const std::string source = "profiles/" + std::string(name) + ".yaml";
    Alias alias;
    for (const auto& kv : root) {
        const std::string key = kv.first.as<std::string>("");
        if ((key != "alias" && key != "about") || !kv.second.IsScalar())
            throw ProfileError(source, kv.first.Mark().line + 1, kv.first.Mark().column + 1, key,
                               "an alias file holds alias: NAME and about: TEXT only");
        (key == "alias" ? alias.target : alias.about) = kv.second.Scalar();
    }
    return alias;
}

}  // namespace

bool spec_is_path(std::string_view spec) {
    spec = strip_prefix(spec);
    return spec.find('/') != std::string_view::npos || spec.ends_with(".yaml") ||
           spec.ends_with(".yml");
}

std::vector<std::string> builtin_profile_names() {
    std::vector<std::string> names;
    for (const auto& p : embedded_profiles())
        names.emplace_back(p.name);
    std::sort(names.begin(), names.end());
    return names;
}

std::string_view builtin_profile_text(std::string_view name) {
    for (const auto& p : embedded_profiles())
        if (p.name == name) return p.text;
    throw ProfileError("", 0, 0, "",
                       "unknown profile \"" + std::string(name) +
                           "\"; available: " + available_list() + " (or a path to a .yaml file)");
}

DeviceProfile load_profile(std::string_view spec) {
    const std::string_view what = strip_prefix(spec);
    if (what.empty())
        throw ProfileError(
            "", 0, 0, "",
            "no profile named; available: " + available_list() + " (or a path to a .yaml file)");
    if (!spec_is_path(what)) {
        const std::string_view text = builtin_profile_text(what);
        if (auto alias = alias_in(what, text)) {
            const std::string_view target_text = builtin_profile_text(alias->target);
            if (alias_in(alias->target, target_text))
                throw ProfileError("profiles/" + std::string(what) + ".yaml", 0, 0, "alias",
                                   "names another alias (" + alias->target + ")");
            DeviceProfile p = parse_profile(target_text, "profiles/" + alias->target + ".yaml");
            p.alias = std::string(what);
            p.model = std::string(what) + " is an alias of " + p.name + " (" + alias->about +
                      "). " + p.model;
            return p;
        }
        return parse_profile(text, "profiles/" + std::string(what) + ".yaml");
    }
    const std::string path(what);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw ProfileError(path, 0, 0, "", "is a directory, not a profile file");
    // Bounded (yaml::read_input_file): /dev/zero or a fifo cannot exhaust memory.
    const std::string text = yaml::read_input_file(path, "profile file");
    return parse_profile(text, path);
}

}  // namespace nk3::profiles
