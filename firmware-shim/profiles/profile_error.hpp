#pragma once
// The one error a device profile can produce: bad YAML, a bad field, or a profile that does not
// exist, with file, line, column and dotted field (see yaml/input_error.hpp).

#include "yaml/input_error.hpp"

namespace nk3::profiles {

using ProfileError = yaml::InputError;

}  // namespace nk3::profiles
