#pragma once
// The table `nk3rig run` prints at the end: per check (rows) and cut mode (columns), how many
// trials failed it, then a one-line conclusion naming what the failures mean for a user of the
// key ("the key reset itself: ...") and the replay command of the first failing trial.
//
// SummaryBuilder takes the trials one at a time (ResultStore::for_each_trial streams them from
// the database), so the table of a million-trial run costs the same memory as a small one: a
// counter per check and cut mode, and the set of flash operations failures were cut at.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness/results/result_store.hpp"
#include "harness/results/trial_record.hpp"

namespace nk3::engine {

struct SummaryTable {
    std::string table;       // several lines, ending in '\n'
    std::string conclusion;  // one line, no '\n'
    std::size_t trials = 0;
    std::size_t failed = 0;
};

class SummaryBuilder {
  public:
    // `checks`: the scenario's checks, in the order to list them; `target` names the key in the
    // conclusion ("sim:nk3am-1.3.0").
    SummaryBuilder(std::vector<std::string> checks, std::string target);

    void add(const results::TrialRecord& trial);  // in plan-index order
    SummaryTable table() const;

  private:
    std::vector<std::string> checks_;
    std::string target_;
    std::size_t trials_ = 0;
    std::size_t failed_ = 0;
    std::map<std::string, std::map<std::string, std::size_t>> fails_;  // check -> mode -> n
    std::map<std::string, std::size_t> per_check_;
    std::map<std::string, std::size_t> trials_per_mode_;
    std::set<std::int64_t> cut_points_;  // flash operations of failing trials
    std::string first_replay_;           // of the first failing trial
    bool any_failed_ = false;
};

SummaryTable summarize(const std::vector<results::TrialRecord>& trials,
                       const std::vector<std::string>& checks, const std::string& target);
// The same, streaming the run's trials from its database.
SummaryTable summarize(const results::ResultStore& store, const std::vector<std::string>& checks,
                       const std::string& target);

}  // namespace nk3::engine
