// What a trial record derives from its checks.

#include "harness/results/trial_record.hpp"

namespace nk3::results {

std::vector<std::string> TrialRecord::failing_checks() const {
    std::vector<std::string> names;
    for (const CheckOutcome& outcome : checks) {
        if (!outcome.passed) names.push_back(outcome.check);
    }
    return names;
}

}  // namespace nk3::results
