#pragma once
// `--bench BENCH.yaml`: a TargetFactory whose Target drives the bench's hardware: its power
// switch, probe and touch, and a CTAP link to the key. The link itself comes from the caller
// (`make_link`, e.g. the libfido2 link of rig/link on a hidraw node), given the hidraw node of
// the bench's key as found now through libfido2's device manifest, and a locator that finds it
// again by the bench's selector (after a power cut the key enumerates anew, possibly under
// another node).

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "rig/bench/bench.hpp"
#include "rig/link.hpp"
#include "rig/target.hpp"

namespace nk3::rig {

// The key's hidraw node now, or std::nullopt when it is not attached.
using KeyLocator = std::function<std::optional<std::string>()>;
using LinkMaker =
    std::function<std::unique_ptr<Link>(const std::string& hidraw_path, KeyLocator locate)>;

// Reads the bench file now: throws yaml::InputError for a bad file (exit 2). Each call of the
// factory opens the hardware and finds the key: RigError when anything is missing (exit 3).
// max_parallel is 1 (one key, one switch).
TargetFactory bench_target_factory(const std::string& path, LinkMaker make_link);
TargetFactory bench_target_factory(const bench::Bench& bench, LinkMaker make_link);

}  // namespace nk3::rig
