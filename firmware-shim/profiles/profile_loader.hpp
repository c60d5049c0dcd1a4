#pragma once
// Loading device profiles. A spec names a shipped profile ("nk3am-1.3.1", built into the binary
// so it works from any directory) or a file ("my.yaml", "dir/x"): anything ending in .yaml or
// .yml or containing '/' is a path. The "sim:" prefix of a --target is accepted and dropped.
// docs/profiles.md documents every field.

#include <string>
#include <string_view>
#include <vector>

#include "profiles/device_profile.hpp"
#include "profiles/profile_error.hpp"

namespace nk3::profiles {

// Throws ProfileError: unknown name (listing the shipped ones), unreadable file, or anything
// parse_profile() rejects.
DeviceProfile load_profile(std::string_view spec);

// Parses and validates one profile. `source_name` is used in error messages and as
// DeviceProfile::source; the profile's name is its file stem.
DeviceProfile parse_profile(std::string_view yaml_text, std::string source_name);

// Names of the shipped profiles, sorted.
std::vector<std::string> builtin_profile_names();

// The YAML text of a shipped profile (as shipped in firmware-shim/profiles/NAME.yaml); throws
// ProfileError for an unknown name.
std::string_view builtin_profile_text(std::string_view name);

// True when a spec (after an optional "sim:" prefix) names a file rather than a shipped profile.
bool spec_is_path(std::string_view spec);

}  // namespace nk3::profiles
