// summarize(): failures per check and cut mode, and the conclusion line.

#include "harness/engine/summary_table.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

#include "harness/results/trial_record.hpp"

namespace nk3::engine {

namespace {

// What a failing check means for someone who uses the key.
std::string meaning(const std::string& check) {
    static const std::map<std::string, std::string> m{
        {"device_returns", "the key did not come back"},
        {"credentials_survive", "acknowledged credentials lost or unusable"},
        {"signature_valid", "signatures that do not verify"},
        {"counter_monotonic", "the signature counter went back"},
        {"pin_retries_consumed", "a wrong PIN attempt went uncounted"},
        {"pin_still_set", "the PIN was lost"},
        {"no_self_reset",
         "the key reset itself (new device secret: non-resident credentials such as SSH keys "
         "are refused)"},
        {"attestation_present", "the attestation certificate is gone"},
        {"fs_intact", "the filesystem is damaged"},
    };
    auto it = m.find(check);
    return it == m.end() ? check : it->second;
}

// Counts the trials it is given, one at a time, into the table.
class SummaryBuilder {
  public:
    // `checks`: the scenario's checks, in the order to list them; `target` names the key in the
    // conclusion ("sim:nk3am-1.2.2").
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
    std::size_t dead_ = 0;               // trials after which the key never answered again
    std::size_t reset_ = 0;  // trials after which it answered, reset (no_self_reset failed)
};

}  // namespace

SummaryBuilder::SummaryBuilder(std::vector<std::string> checks, std::string target)
    : checks_(std::move(checks)), target_(std::move(target)) {}

void SummaryBuilder::add(const results::TrialRecord& t) {
    ++trials_;
    ++trials_per_mode_[t.cut_mode];
    if (t.verdict == "pass") return;
    if (++failed_ == 1) first_replay_ = t.replay;
    if (t.flash_op) cut_points_.insert(*t.flash_op);
    bool dead = false, reset = false;
    for (const auto& c : t.checks)
        if (!c.passed) {
            ++fails_[c.check][t.cut_mode];
            ++per_check_[c.check];
            dead |= c.check == "device_returns" && c.reason.rfind("the key is dead", 0) == 0;
            reset |= c.check == "no_self_reset";
        }
    dead_ += dead;
    reset_ += reset && !dead;
}

SummaryTable SummaryBuilder::table() const {
    SummaryTable s;
    s.trials = trials_;
    s.failed = failed_;
    std::vector<std::string> modes;
    for (const char* m : {"before", "torn", "after", "time"})
        if (trials_per_mode_.count(m)) modes.push_back(m);
    const auto count = [](const auto& map, const std::string& key) -> std::size_t {
        const auto it = map.find(key);
        return it == map.end() ? 0 : it->second;
    };
    static const std::map<std::string, std::size_t> kNone;
    const auto fails_of = [&](const std::string& check) -> const auto& {
        const auto it = fails_.find(check);
        return it == fails_.end() ? kNone : it->second;
    };

    char buf[256];
    std::string& out = s.table;
    std::snprintf(buf, sizeof buf, "%-22s", "failed trials");
    out += buf;
    for (const auto& m : modes) {
        std::snprintf(buf, sizeof buf, " %8s", m.c_str());
        out += buf;
    }
    out += "    total\n";
    std::snprintf(buf, sizeof buf, "%-22s", "(trials)");
    out += buf;
    for (const auto& m : modes) {
        std::snprintf(buf, sizeof buf, " %8zu", count(trials_per_mode_, m));
        out += buf;
    }
    std::snprintf(buf, sizeof buf, " %8zu\n", trials_);
    out += buf;
    for (const auto& c : checks_) {
        std::snprintf(buf, sizeof buf, "%-22s", c.c_str());
        out += buf;
        for (const auto& m : modes) {
            std::snprintf(buf, sizeof buf, " %8zu", count(fails_of(c), m));
            out += buf;
        }
        std::snprintf(buf, sizeof buf, " %8zu\n", count(per_check_, c));
        out += buf;
    }

    if (s.failed == 0) {
        s.verdict = "no check failed in " + std::to_string(s.trials) +
                    " trials: the key recovered from every cut";
        s.conclusion = "conclusion: " + target_ + ": " + s.verdict;
        return s;
    }
    std::vector<std::pair<std::string, std::size_t>> ranked(per_check_.begin(), per_check_.end());
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string what;
    for (const auto& [check, n] : ranked) {
        if (n == 0) continue;
        if (!what.empty()) what += "; ";
        what += meaning(check) + " [" + check + " " + std::to_string(n) + "]";
    }
    s.verdict = std::to_string(s.failed) + " of " + std::to_string(s.trials) + " trials failed";
    if (!cut_points_.empty())
        s.verdict += " at " + std::to_string(cut_points_.size()) + " flash operations";
    // In plain words first: what the failures did to the key as its user sees it.
    if (dead_ > 0 || reset_ > 0) {
        s.verdict += " (" + std::to_string(dead_) + " left the key dead: no answer across " +
                     "further power cycles; " + std::to_string(reset_) +
                     " left it answering but reset: new device secret, so SSH keys are refused; " +
                     std::to_string(s.trials - s.failed) + " passed)";
    }
    s.verdict += ": " + what;
    if (!first_replay_.empty()) s.verdict += "; first: " + first_replay_;
    s.conclusion = "conclusion: " + target_ + ": " + s.verdict;
    return s;
}

SummaryTable summarize(const results::ResultStore& store, const std::vector<std::string>& checks,
                       const std::string& target) {
    SummaryBuilder builder(checks, target);
    store.for_each_trial([&builder](const results::TrialRecord& t) { builder.add(t); });
    return builder.table();
}

}  // namespace nk3::engine
