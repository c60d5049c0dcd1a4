#pragma once
// The storage stacks of the NK3 models (docs/storage.md), for sweeps that need no device profile.

#include <string>
#include <vector>

#include "storage/storage_stack.hpp"

namespace nk3::sweep {

struct StackPreset {
    std::string name;
    std::string about;
    storage::StackConfig config;
};

// nrf52-none, lpc55-none, nrf52-rmw, nrf52-journaled, nrf52-journaled-v1.3.1.
const std::vector<StackPreset>& stack_presets();
const StackPreset* find_stack_preset(const std::string& name);

}  // namespace nk3::sweep
