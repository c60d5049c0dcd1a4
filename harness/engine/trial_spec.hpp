#pragma once
// One trial of a fault plan, as the planner computes it from a plan index: where the cut goes.
// Flash operation indexes are relative: `op` to the first flash operation of the operation
// under test, `second_op` to the first flash operation of the boot after the first cut.

#include <cstdint>
#include <optional>
#include <string>

#include "flash/flash_op.hpp"
#include "harness/scenario/scenario.hpp"

namespace nk3::engine {

struct TrialSpec {
    std::uint64_t index = 0;
    scenario::PlanKind kind = scenario::PlanKind::flash_sweep;
    // flash-sweep, nested: the first cut.
    std::optional<std::uint64_t> op;
    flash::CutMode mode = flash::CutMode::before;
    // nested: the second cut, during the boot after the first (none: the depth-1 trial).
    std::optional<std::uint64_t> second_op;
    flash::CutMode second_mode = flash::CutMode::before;
    // time-sweep: which request of the operation anchors the offset; random: none (the
    // operation's first request).
    std::optional<std::size_t> request;
    std::optional<std::int64_t> offset_us;
};

std::string_view plan_name(scenario::PlanKind kind);
// flash-sweep and nested cut at a flash operation: only a simulated key can.
bool needs_simulator(scenario::PlanKind kind);
// Why a target without simulator powers cannot run such a plan (PlanRefused, exit 2).
std::string plan_refusal(scenario::PlanKind kind, const std::string& target);
// One line: "flash op 37 torn", "flash op 12 after, then boot op 3 torn",
// "request 2 + 1500 us", "operation start + 73120 us".
std::string describe(const TrialSpec& spec);

}  // namespace nk3::engine
