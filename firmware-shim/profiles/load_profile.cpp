// Finding a profile by name (shipped, embedded in the binary) or by path, and reading it.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "profiles/embedded_profiles.hpp"
#include "profiles/profile_loader.hpp"

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
        return parse_profile(text, "profiles/" + std::string(what) + ".yaml");
    }
    const std::string path(what);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw ProfileError(path, 0, 0, "", "is a directory, not a profile file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ProfileError(path, 0, 0, "", "cannot read the profile file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw ProfileError(path, 0, 0, "", "cannot read the profile file");
    return parse_profile(text.str(), path);
}

}  // namespace nk3::profiles
