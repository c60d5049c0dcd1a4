#pragma once
// One program or erase, as the power domain numbers and times it, and the power cut that can
// land on it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/sim_time.hpp"

namespace nk3::flash {

enum class OpKind : std::uint8_t { program, erase };

// Where a cut lands relative to the operation it names.
//   before: the operation never happens;
//   torn:   the operation partly happens (see NorFlash for what "partly" means);
//   after:  the operation completes, nothing later does.
enum class CutMode : std::uint8_t { before, torn, after };

std::string_view to_string(OpKind kind);
std::string_view to_string(CutMode mode);
// Parses "before" | "torn" | "after"; std::nullopt for anything else.
std::optional<CutMode> parse_cut_mode(std::string_view text);

struct FlashOp {
    std::uint64_t index = 0;  // running index over every chip of the power domain
    OpKind kind = OpKind::program;
    std::uint8_t chip = 0;  // which chip of the domain
    std::uint32_t address = 0;
    std::uint32_t length = 0;
    SimTime start{0};
    SimTime duration{0};
};

struct CutPlan {
    std::uint64_t op_index = 0;
    CutMode mode = CutMode::before;
    std::uint64_t seed = 0;  // drives what a torn operation leaves behind
};

// A cut armed at a simulated instant rather than at an operation index.
struct TimeCut {
    SimTime at{0};
    std::uint64_t seed = 0;  // drives what a torn operation leaves behind
};

// What a cut did: the plan, the operation it landed on, when power went, and for a torn
// operation how much of it reached the array.
struct CutRecord {
    CutPlan plan;
    FlashOp op;
    SimTime at{0};
    std::uint32_t bytes_changed = 0;  // bytes whose value the (partial) operation changed
    std::string detail;               // one human-readable line
    // Set when the cut was armed at a simulated instant (PowerDomain::arm_cut_at_time): that
    // instant. `plan` then names the operation it landed on and the mode that came of it.
    std::optional<SimTime> armed_at;
    // The time cut landed while no operation was running: `op` is the operation that would
    // have come next (index only; it never started), `plan.mode` is before.
    bool idle = false;
};

std::string describe(const FlashOp& op);

}  // namespace nk3::flash
