// Plan: trial counts and the trial at each plan index, per fault plan kind.

#include "harness/engine/plan.hpp"

#include <algorithm>
#include <stdexcept>

#include "harness/engine/seed_mix.hpp"

namespace nk3::engine {

using scenario::PlanKind;

Plan::Plan(const scenario::FaultPlan& fault, PlanInputs inputs)
    : fault_(fault), inputs_(std::move(inputs)) {
    const std::uint64_t modes = fault_.modes.size();
    switch (fault_.kind) {
        case PlanKind::flash_sweep:
            size_ = inputs_.operation_ops * modes;
            break;
        case PlanKind::nested: {
            const std::uint64_t firsts = inputs_.operation_ops * modes;
            if (inputs_.boot_ops.size() != firsts)
                throw std::logic_error("nested plan: one boot op count per first cut expected");
            nested_start_.reserve(firsts);
            for (std::uint64_t c = 0; c < firsts; ++c) {
                nested_start_.push_back(size_);
                size_ += 1 + inputs_.boot_ops[c] * modes;
            }
            break;
        }
        case PlanKind::time_sweep:
            size_ = inputs_.requests * offsets();
            break;
        case PlanKind::random:
            size_ = inputs_.requests == 0 ? 0 : fault_.count;
            break;
    }
}

std::uint64_t Plan::offsets() const {
    if (fault_.step_us <= 0 || fault_.to_us < fault_.from_us) return 0;
    return static_cast<std::uint64_t>((fault_.to_us - fault_.from_us) / fault_.step_us) + 1;
}

TrialSpec Plan::at(std::uint64_t index) const {
    if (index >= size_) throw std::out_of_range("plan index " + std::to_string(index));
    TrialSpec t;
    t.index = index;
    t.kind = fault_.kind;
    const std::uint64_t modes = fault_.modes.size();
    switch (fault_.kind) {
        case PlanKind::flash_sweep:
            t.op = index / modes;
            t.mode = fault_.modes[index % modes];
            break;
        case PlanKind::nested: {
            auto it = std::upper_bound(nested_start_.begin(), nested_start_.end(), index);
            const std::uint64_t first = static_cast<std::uint64_t>(it - nested_start_.begin()) - 1;
            t.op = first / modes;
            t.mode = fault_.modes[first % modes];
            const std::uint64_t k = index - nested_start_[first];
            if (k > 0) {
                t.second_op = (k - 1) / modes;
                t.second_mode = fault_.modes[(k - 1) % modes];
            }
            break;
        }
        case PlanKind::time_sweep: {
            const std::uint64_t n = offsets();
            t.request = index / n;
            t.offset_us = fault_.from_us + static_cast<std::int64_t>(index % n) * fault_.step_us;
            break;
        }
        case PlanKind::random: {
            const std::uint64_t width = static_cast<std::uint64_t>(std::max<std::int64_t>(
                                            fault_.to_us - fault_.from_us, 0)) +
                                        1;
            const std::uint64_t draw = mix_seed(mix_seed(fault_.seed, inputs_.seed), index);
            t.offset_us = fault_.from_us + static_cast<std::int64_t>(draw % width);
            break;
        }
    }
    return t;
}

std::string Plan::describe() const {
    const std::string modes = std::to_string(fault_.modes.size()) + " modes";
    switch (fault_.kind) {
        case PlanKind::flash_sweep:
            return "flash-sweep: " + std::to_string(inputs_.operation_ops) + " flash ops x " +
                   modes + " = " + std::to_string(size_) + " trials";
        case PlanKind::nested:
            return "nested: " + std::to_string(inputs_.operation_ops) + " flash ops x " + modes +
                   ", each with a second cut at every op of the boot after it (bound " +
                   (fault_.nested_bound ? std::to_string(fault_.nested_bound) : "none") +
                   ") = " + std::to_string(size_) + " trials";
        case PlanKind::time_sweep:
            return "time-sweep: " + std::to_string(inputs_.requests) + " requests x " +
                   std::to_string(offsets()) + " offsets (" + std::to_string(fault_.from_us) +
                   ".." + std::to_string(fault_.to_us) + " us step " +
                   std::to_string(fault_.step_us) + ") = " + std::to_string(size_) + " trials";
        case PlanKind::random:
            return "random: " + std::to_string(size_) + " cuts in [" +
                   std::to_string(fault_.from_us) + ", " + std::to_string(fault_.to_us) +
                   "] us after the operation starts";
    }
    return "?";
}

}  // namespace nk3::engine
