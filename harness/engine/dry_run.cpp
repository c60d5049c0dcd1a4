// DryRun lookups: which step an operation or instant belongs to, which boundary precedes it.

#include "harness/engine/dry_run.hpp"

#include <stdexcept>

namespace nk3::engine {

std::size_t DryRun::step_of_op(std::uint64_t op) const {
    for (std::size_t s = 0; s < steps.size(); ++s)
        if (op < steps[s].end_op) return s;
    return steps.empty() ? 0 : steps.size() - 1;
}

std::size_t DryRun::step_at(SimTime at) const {
    std::size_t found = 0;
    for (std::size_t s = 0; s < steps.size(); ++s)
        if (steps[s].start <= at) found = s;
    return found;
}

const Boundary& DryRun::boundary_at(SimTime at) const {
    if (boundaries.empty()) throw std::logic_error("dry run: no boundaries");
    const Boundary* found = &boundaries.front();
    for (const auto& b : boundaries)
        if (b.time <= at) found = &b;
    return *found;
}

const Boundary& DryRun::boundary_for(std::size_t step) const {
    const Boundary* found = nullptr;
    for (const auto& b : boundaries)
        if (b.step <= step) found = &b;
    if (!found) throw std::logic_error("dry run: no boundary before step " + std::to_string(step));
    return *found;
}

}  // namespace nk3::engine
