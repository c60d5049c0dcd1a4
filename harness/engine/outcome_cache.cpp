// The outcome cache's guards: a hit is compared by value, and a re-check must agree.

#include "harness/engine/outcome_cache.hpp"

#include <string>

#include "harness/engine/engine_error.hpp"

namespace nk3::engine {

void require_same_history(const PowerOnOutcome& hit, const checks::History& history,
                          std::uint64_t trial) {
    if (hit.history == history) return;
    throw DeterminismError("trial " + std::to_string(trial) +
                           ": the outcome cache found an earlier power-on with the same key "
                           "but another host history (checks::history_digest misses a field); "
                           "run with --no-reuse and report this");
}

void require_same_outcome(const PowerOnOutcome& remembered, const PowerOnOutcome& fresh,
                          std::uint64_t trial) {
    std::string what;
    if (remembered.checks.size() != fresh.checks.size()) {
        what = "a different number of checks";
    } else {
        for (std::size_t i = 0; i < fresh.checks.size() && what.empty(); ++i)
            if (!(remembered.checks[i] == fresh.checks[i]))
                what = "check " + fresh.checks[i].check + " (remembered: " +
                       (remembered.checks[i].passed ? "pass" : remembered.checks[i].reason) +
                       "; now: " + (fresh.checks[i].passed ? "pass" : fresh.checks[i].reason) + ")";
        if (what.empty() && remembered.recovery_ns != fresh.recovery_ns)
            what = "the recovery time (" + std::to_string(remembered.recovery_ns) + " ns vs " +
                   std::to_string(fresh.recovery_ns) + " ns)";
    }
    if (what.empty()) return;
    throw DeterminismError("trial " + std::to_string(trial) +
                           ": booting and checking again disagrees with the outcome remembered "
                           "for the same power-on state: " +
                           what + "; run with --no-reuse and report this");
}

}  // namespace nk3::engine
