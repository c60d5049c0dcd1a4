#pragma once
// The `fault:` mapping of a scenario: which plan (flash-sweep, nested, time-sweep, random) and
// the fields that plan needs, all required, none that belongs to another plan.

#include "harness/scenario/scenario.hpp"
#include "harness/scenario/yaml_node.hpp"

namespace nk3::scenario {

inline constexpr std::int64_t kMaxOffsetUs = 600'000'000;  // 10 minutes after the anchor
inline constexpr std::uint64_t kMaxTrials = 100'000'000;

FaultPlan parse_fault_plan(const Node& node);

}  // namespace nk3::scenario
