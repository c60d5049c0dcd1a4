// summarize(): failures per check and cut mode, and the conclusion line.

#include "harness/engine/summary_table.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

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

}  // namespace

SummaryTable summarize(const std::vector<results::TrialRecord>& trials,
                       const std::vector<std::string>& checks, const std::string& target) {
    SummaryTable s;
    s.trials = trials.size();
    std::vector<std::string> modes;
    for (const char* m : {"before", "torn", "after", "time"})
        if (std::any_of(trials.begin(), trials.end(),
                        [&](const auto& t) { return t.cut_mode == m; }))
            modes.push_back(m);
    std::map<std::string, std::map<std::string, std::size_t>> fails;
    std::map<std::string, std::size_t> per_check;
    std::map<std::string, std::size_t> trials_per_mode;
    std::set<std::int64_t> cut_points;
    const results::TrialRecord* first = nullptr;
    for (const auto& t : trials) {
        ++trials_per_mode[t.cut_mode];
        if (t.verdict == "pass") continue;
        ++s.failed;
        if (!first) first = &t;
        if (t.flash_op) cut_points.insert(*t.flash_op);
        for (const auto& c : t.checks)
            if (!c.passed) {
                ++fails[c.check][t.cut_mode];
                ++per_check[c.check];
            }
    }

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
        std::snprintf(buf, sizeof buf, " %8zu", trials_per_mode[m]);
        out += buf;
    }
    std::snprintf(buf, sizeof buf, " %8zu\n", trials.size());
    out += buf;
    for (const auto& c : checks) {
        std::snprintf(buf, sizeof buf, "%-22s", c.c_str());
        out += buf;
        for (const auto& m : modes) {
            std::snprintf(buf, sizeof buf, " %8zu", fails[c][m]);
            out += buf;
        }
        std::snprintf(buf, sizeof buf, " %8zu\n", per_check[c]);
        out += buf;
    }

    if (s.failed == 0) {
        s.conclusion = "conclusion: " + target + ": no check failed in " +
                       std::to_string(s.trials) + " trials: the key recovered from every cut";
        return s;
    }
    std::vector<std::pair<std::string, std::size_t>> ranked(per_check.begin(), per_check.end());
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string what;
    for (const auto& [check, n] : ranked) {
        if (n == 0) continue;
        if (!what.empty()) what += "; ";
        what += meaning(check) + " [" + check + " " + std::to_string(n) + "]";
    }
    s.conclusion = "conclusion: " + target + ": " + std::to_string(s.failed) + " of " +
                   std::to_string(s.trials) + " trials failed";
    if (!cut_points.empty())
        s.conclusion += " at " + std::to_string(cut_points.size()) + " flash operations";
    s.conclusion += ": " + what;
    if (first && !first->replay.empty()) s.conclusion += "; first: " + first->replay;
    return s;
}

}  // namespace nk3::engine
