#pragma once
// The shipped profiles' YAML text, compiled into the library (CMake generates the definition
// from firmware-shim/profiles/*.yaml at build time, see embed_profiles.cmake), so that a binary
// finds them from any working directory.

#include <span>
#include <string_view>

namespace nk3::profiles {

struct EmbeddedProfile {
    std::string_view name;  // file stem
    std::string_view text;  // the file's bytes
};

// Sorted by name.
std::span<const EmbeddedProfile> embedded_profiles();

}  // namespace nk3::profiles
