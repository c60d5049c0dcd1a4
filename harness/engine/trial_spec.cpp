// Names and one-line descriptions of trials.

#include "harness/engine/trial_spec.hpp"

namespace nk3::engine {

std::string_view plan_name(scenario::PlanKind kind) {
    switch (kind) {
        case scenario::PlanKind::flash_sweep:
            return "flash-sweep";
        case scenario::PlanKind::nested:
            return "nested";
        case scenario::PlanKind::time_sweep:
            return "time-sweep";
        case scenario::PlanKind::random:
            return "random";
    }
    return "?";
}

bool needs_simulator(scenario::PlanKind kind) {
    return kind == scenario::PlanKind::flash_sweep || kind == scenario::PlanKind::nested;
}

std::string plan_refusal(scenario::PlanKind kind, const std::string& target) {
    return "the " + std::string(plan_name(kind)) +
           " plan cuts at flash operations, which only a simulated key can do; target " + target +
           " has no simulator powers: use a time-sweep or random plan on a bench";
}

std::string describe(const TrialSpec& spec) {
    std::string out;
    if (spec.op) {
        out = "flash op " + std::to_string(*spec.op) + " " + std::string(to_string(spec.mode));
        if (spec.second_op)
            out += ", then boot op " + std::to_string(*spec.second_op) + " " +
                   std::string(to_string(spec.second_mode));
        return out;
    }
    if (spec.request)
        out = "request " + std::to_string(*spec.request);
    else
        out = "operation start";
    if (spec.offset_us) out += " + " + std::to_string(*spec.offset_us) + " us";
    return out;
}

}  // namespace nk3::engine
