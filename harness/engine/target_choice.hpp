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

// The target as a directory name: "sim:nk3am-1.2.2" -> "sim-nk3am-1.2.2", "bench:b/x.yaml" ->
// "bench-x" (':', '/' and ' ' made safe).
std::string target_dir_name(const std::string& spec);

// runs/<scenario>-<target>-<UTC timestamp>, with the target's ':' and '/' made safe.
std::string default_run_dir(const std::string& scenario, const std::string& spec);

// A suite's run (`nk3rig run SUITE.yaml`): runs/<suite>-<UTC timestamp>; each member runs into
// <that>/<scenario>-<target>.
std::string default_suite_dir(const std::string& suite);

}  // namespace nk3::engine
