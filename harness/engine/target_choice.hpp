#pragma once
// Which target a run drives, as a spec string kept in the run's information so that --resume
// and replay rebuild the same one: "sim:PROFILE", "sim:FILE.yaml" (a simulated NK3 from a
// device profile) or "bench:FILE.yaml" (hardware described by a bench file, hardware/).

#include <cstdint>
#include <string>

#include "rig/target.hpp"

namespace nk3::engine {

// A factory for `spec`. Throws yaml::InputError for a bad spec or bench file (exit 2); the
// factory itself throws RigError when the bench cannot be opened (exit 3).
rig::TargetFactory make_target_factory(const std::string& spec, std::uint64_t seed);

// runs/<scenario>-<target>-<UTC timestamp>, with the target's ':' and '/' made safe.
std::string default_run_dir(const std::string& scenario, const std::string& spec);

}  // namespace nk3::engine
