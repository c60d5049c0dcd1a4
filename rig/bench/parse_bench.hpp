#pragma once
// Reads a bench file strictly (docs/bench.md): unknown keys, missing or bad values, syntax errors
// are yaml::InputError naming file:line:column and the field (exit status 2).

#include <string>
#include <string_view>

#include "rig/bench/bench.hpp"

namespace nk3::rig::bench {

Bench parse_bench(std::string_view yaml_text, const std::string& source_name);
Bench load_bench(const std::string& path);

}  // namespace nk3::rig::bench
