#pragma once
// The table `nk3rig run` prints at the end: per check (rows) and cut mode (columns), how many
// trials failed it, then a one-line conclusion naming what the failures mean for a user of the
// key ("the key reset itself: ...") and the replay command of the first failing trial.

#include <string>
#include <vector>

#include "harness/results/trial_record.hpp"

namespace nk3::engine {

struct SummaryTable {
    std::string table;       // several lines, ending in '\n'
    std::string conclusion;  // one line, no '\n'
    std::size_t trials = 0;
    std::size_t failed = 0;
};

// `checks`: the scenario's checks, in the order to list them; `target` names the key in the
// conclusion ("sim:nk3am-1.3.0").
SummaryTable summarize(const std::vector<results::TrialRecord>& trials,
                       const std::vector<std::string>& checks, const std::string& target);

}  // namespace nk3::engine
