#pragma once
// A fault plan made concrete: how many trials, and the trial at each plan index. Computed, not
// stored: at(index) derives the cut from the index and a few numbers the dry run measured, so a
// plan of a million trials takes a few bytes and any shard or replay can compute any trial.
//
//   flash-sweep  index = op * modes + mode                      (ops of the operation's dry run)
//   nested       per first cut (op * modes + mode): the depth-1 trial, then one trial per
//                (boot op < bound, mode) of the boot that follows it
//   time-sweep   index = request * offsets + k, offset = from + k * step
//   random       offset = from + mix(seed, index) mod (to - from + 1), from the operation start

#include <cstdint>
#include <string>
#include <vector>

#include "harness/engine/trial_spec.hpp"
#include "harness/scenario/scenario.hpp"

namespace nk3::engine {

// What the plan needs to know besides the scenario's fault plan.
struct PlanInputs {
    std::uint64_t operation_ops = 0;  // flash operations of the operation under test (dry run)
    // nested: flash operations of the boot after each first cut (op * modes + mode), already
    // bounded by the plan's nested_bound.
    std::vector<std::uint32_t> boot_ops;
    std::size_t requests = 0;  // operation steps (time-sweep anchors)
    std::uint64_t seed = 0;    // the run's --seed (random plans mix it with the plan's seed)
};

class Plan {
  public:
    Plan(const scenario::FaultPlan& fault, PlanInputs inputs);

    scenario::PlanKind kind() const { return fault_.kind; }
    std::uint64_t size() const { return size_; }
    TrialSpec at(std::uint64_t index) const;  // index < size()
    const PlanInputs& inputs() const { return inputs_; }
    // One line: "flash-sweep: 412 flash ops x 3 modes = 1236 trials".
    std::string describe() const;

  private:
    std::uint64_t offsets() const;

    scenario::FaultPlan fault_;
    PlanInputs inputs_;
    std::vector<std::uint64_t> nested_start_;  // nested: first plan index of each first cut
    std::uint64_t size_ = 0;
};

}  // namespace nk3::engine
