#pragma once
// The exit status each error the engine lets out stands for, in one place (docs/engine.md):
// bad input — a scenario, profile or bench file (yaml::InputError), a plan the target cannot
// run (PlanRefused), a directory that is not a run or shards that do not belong together
// (results::StoreError::bad_input) — is 2; the rig failing (rig::RigError), a determinism
// failure or a store that cannot write is 3.

#include <exception>
#include <optional>

namespace nk3::engine {

// std::nullopt: not one of the engine's errors (the caller lets it through).
std::optional<int> exit_status_for(const std::exception& error);

}  // namespace nk3::engine
