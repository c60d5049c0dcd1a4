#pragma once
// The table `nk3rig run` prints at the end: per check (rows) and cut mode (columns), how many
// trials failed it, then a one-line conclusion naming what the failures mean for a user of the
// key ("the key reset itself: ...") and the replay command of the first failing trial.
//
// The trials are taken one at a time (ResultStore::for_each_trial streams them from the
// database), so the table of a million-trial run costs the same memory as a small one: a
// counter per check and cut mode, and the set of flash operations failures were cut at.

#include <cstdint>
#include <string>
#include <vector>

#include "harness/results/result_store.hpp"

namespace nk3::engine {

struct SummaryTable {
    std::string table;       // several lines, ending in '\n'
    std::string conclusion;  // one line, no '\n': "conclusion: TARGET: " + verdict
    std::string verdict;     // what the run found, without the target ("12 of 40 trials ...")
    std::size_t trials = 0;
    std::size_t failed = 0;
};

// The table of a run, streaming its trials from its database.
SummaryTable summarize(const results::ResultStore& store, const std::vector<std::string>& checks,
                       const std::string& target);

}  // namespace nk3::engine
