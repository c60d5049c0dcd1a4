// The end-of-run table and conclusion, streamed from the result store, are byte for byte what
// the former in-memory summarize() printed for the same trials (its code is kept below as the
// reference), on a store with many trials of every cut mode.

#include "harness/engine/summary_table.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "harness/results/result_store.hpp"

namespace nk3::engine {
namespace {

namespace fs = std::filesystem;

std::string reference_meaning(const std::string& check) {
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

// summarize() as it was before it streamed (a vector of every trial in memory).
SummaryTable reference_summarize(const std::vector<results::TrialRecord>& trials,
                                 const std::vector<std::string>& checks,
                                 const std::string& target) {
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
        what += reference_meaning(check) + " [" + check + " " + std::to_string(n) + "]";
    }
    s.conclusion = "conclusion: " + target + ": " + std::to_string(s.failed) + " of " +
                   std::to_string(s.trials) + " trials failed";
    if (!cut_points.empty())
        s.conclusion += " at " + std::to_string(cut_points.size()) + " flash operations";
    s.conclusion += ": " + what;
    if (first && !first->replay.empty()) s.conclusion += "; first: " + first->replay;
    return s;
}

const std::vector<std::string> kChecks = {"device_returns", "fs_intact", "credentials_survive",
                                          "counter_monotonic", "no_self_reset"};

// Trial i: cut modes cycle through before, torn, after, time and none; failures of one to three
// checks on a pattern that is not periodic with the modes.
results::TrialRecord trial(std::uint64_t i) {
    static const char* const modes[] = {"before", "torn", "after", "time", ""};
    results::TrialRecord t;
    t.plan_index = i;
    t.plan = "flash-sweep";
    t.cut_mode = modes[i % 5];
    if (i % 5 < 3) t.flash_op = static_cast<std::int64_t>(i / 5 % 97);
    if (i % 5 == 3) t.offset_us = static_cast<std::int64_t>(i % 211);
    t.fault = "cut " + std::to_string(i);
    const bool lost = i % 7 == 3, reset = i % 11 == 5, counter = i % 13 == 0 && i > 0;
    t.checks = {{"device_returns", true, ""},
                {"fs_intact", !(reset && i % 2), reset && i % 2 ? "fsck" : ""},
                {"credentials_survive", !lost, lost ? "lost: ssh" : ""},
                {"counter_monotonic", !counter, counter ? "went back" : ""},
                {"no_self_reset", !reset, reset ? "device secret changed" : ""}};
    const bool fails = lost || reset || counter;
    t.verdict = fails ? "fail" : "pass";
    t.reason = fails ? "some reason" : "";
    t.replay = fails ? "nk3rig replay runs/x " + std::to_string(i) : "";
    return t;
}

class SummaryTableTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("nk3-summary-table-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    results::ResultStore store_with(std::uint64_t n, std::uint64_t first = 0) {
        results::RunInfo info;
        info.scenario = "s";
        info.target = "sim:nk3am-1.3.0";
        info.plan = "flash-sweep";
        info.plan_size = first + n;
        auto store = results::ResultStore::create(dir_, info);
        for (std::uint64_t i = first + n; i-- > first;)  // recorded backwards, as workers may
            store.record(trial(i));
        return store;
    }
    fs::path dir_;
};

void expect_same(const SummaryTable& got, const SummaryTable& want) {
    EXPECT_EQ(got.table, want.table);
    EXPECT_EQ(got.conclusion, want.conclusion);
    EXPECT_EQ(got.trials, want.trials);
    EXPECT_EQ(got.failed, want.failed);
}

TEST_F(SummaryTableTest, StreamedFromTheStoreIsWhatTheInMemoryTableWas) {
    const auto store = store_with(30'000);
    const auto table = summarize(store, kChecks, "sim:nk3am-1.3.0");
    expect_same(table, reference_summarize(store.trials(), kChecks, "sim:nk3am-1.3.0"));
    EXPECT_EQ(table.trials, 30'000u);
    EXPECT_GT(table.failed, 0u);
    EXPECT_NE(table.conclusion.find("first: nk3rig replay runs/x 3"), std::string::npos);
    EXPECT_NE(table.table.find("    time"), std::string::npos);
}

TEST_F(SummaryTableTest, NoFailures) {
    const auto store = store_with(1, 1);  // trial 1 passes
    const auto table = summarize(store, kChecks, "sim:nk3xn");
    expect_same(table, reference_summarize(store.trials(), kChecks, "sim:nk3xn"));
    EXPECT_EQ(table.failed, 0u);
    EXPECT_NE(table.conclusion.find("no check failed in 1 trials"), std::string::npos);
}

TEST_F(SummaryTableTest, AnEmptyRun) {
    const auto store = store_with(0);
    expect_same(summarize(store, kChecks, "sim:nk3xn"),
                reference_summarize({}, kChecks, "sim:nk3xn"));
}

TEST_F(SummaryTableTest, TheBuilderAddsOneTrialAtATime) {
    std::vector<results::TrialRecord> trials;
    SummaryBuilder builder(kChecks, "sim:x");
    for (std::uint64_t i = 0; i < 500; ++i) {
        trials.push_back(trial(i));
        builder.add(trials.back());
    }
    expect_same(builder.table(), reference_summarize(trials, kChecks, "sim:x"));
}

}  // namespace
}  // namespace nk3::engine
