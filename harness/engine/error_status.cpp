// Which exit status an engine error stands for.

#include "harness/engine/error_status.hpp"

#include "harness/engine/engine_error.hpp"
#include "harness/engine/exit_status.hpp"
#include "harness/results/store_error.hpp"
#include "rig/rig_error.hpp"
#include "yaml/input_error.hpp"

namespace nk3::engine {

std::optional<int> exit_status_for(const std::exception& error) {
    if (dynamic_cast<const yaml::InputError*>(&error) || dynamic_cast<const PlanRefused*>(&error))
        return kExitBadInput;
    if (const auto* store = dynamic_cast<const results::StoreError*>(&error))
        return store->bad_input() ? kExitBadInput : kExitRigFailed;
    if (dynamic_cast<const rig::RigError*>(&error) || dynamic_cast<const DeterminismError*>(&error))
        return kExitRigFailed;
    return std::nullopt;
}

}  // namespace nk3::engine
