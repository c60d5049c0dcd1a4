// The end-of-run table and conclusion: their exact text on a small store (the counts worked out
// by hand from trial() below), and the table streamed from the result store equal to the one
// built from every trial in memory, on a store with many trials of every cut mode.

#include "harness/engine/summary_table.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "harness/results/result_store.hpp"

namespace nk3::engine {
namespace {

namespace fs = std::filesystem;

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
        info.target = "sim:nk3am-1.2.2";
        info.plan = "flash-sweep";
        info.plan_size = first + n;
        auto store = results::ResultStore::create(dir_, info);
        for (std::uint64_t i = first + n; i-- > first;)  // recorded backwards, as workers may
            store.record(trial(i));
        return store;
    }
    fs::path dir_;
};

TEST_F(SummaryTableTest, TheTableAndConclusionOfASmallRun) {
    // Trials 0..39: credentials_survive fails at 3, 10, 17, 24, 31, 38 (i % 7 == 3), no_self_reset
    // at 5, 16, 27, 38 (i % 11 == 5), fs_intact at its odd ones 5, 27, counter_monotonic at 13,
    // 26, 39: 12 trials. Modes by i % 5: before, torn, after, time, none (no column of its own).
    const auto store = store_with(40);
    const auto table = summarize(store, kChecks, "sim:nk3am-1.2.2");
    EXPECT_EQ(table.table,
              "failed trials            before     torn    after     time    total\n"
              "(trials)                      8        8        8        8       40\n"
              "device_returns                0        0        0        0        0\n"
              "fs_intact                     1        0        1        0        2\n"
              "credentials_survive           1        1        1        2        6\n"
              "counter_monotonic             0        1        0        1        3\n"
              "no_self_reset                 1        1        1        1        4\n");
    EXPECT_EQ(table.conclusion,
              "conclusion: sim:nk3am-1.2.2: 12 of 40 trials failed at 5 flash operations (0 left "
              "the key dead: no answer across further power cycles; 4 left it answering but "
              "reset: new device secret, so SSH keys are refused; 28 passed): acknowledged "
              "credentials lost or unusable [credentials_survive 6]; the key reset "
              "itself (new device secret: non-resident credentials such as SSH keys are refused) "
              "[no_self_reset 4]; the signature counter went back [counter_monotonic 3]; the "
              "filesystem is damaged [fs_intact 2]; first: nk3rig replay runs/x 3");
    EXPECT_EQ("conclusion: sim:nk3am-1.2.2: " + table.verdict, table.conclusion);
    EXPECT_EQ(table.verdict.rfind("12 of 40 trials failed", 0), 0u);
    EXPECT_EQ(table.trials, 40u);
    EXPECT_EQ(table.failed, 12u);
}

TEST_F(SummaryTableTest, ALargeRunIsCountedFromTheStore) {
    const auto store = store_with(30'000);
    const auto table = summarize(store, kChecks, "sim:nk3am-1.2.2");
    std::size_t failed = 0;
    for (std::uint64_t i = 0; i < 30'000; ++i)
        failed += trial(i).verdict == "fail";
    EXPECT_EQ(table.trials, 30'000u);
    EXPECT_EQ(table.failed, failed);
    EXPECT_NE(table.conclusion.find("first: nk3rig replay runs/x 3"), std::string::npos);
    EXPECT_NE(table.table.find("    time"), std::string::npos);
}

TEST_F(SummaryTableTest, DeadKeysAreCountedInTheConclusion) {
    results::RunInfo info;
    info.scenario = "s";
    info.target = "sim:nk3am-1.3.1";
    info.plan = "flash-sweep";
    info.plan_size = 3;
    auto store = results::ResultStore::create(dir_, info);
    for (std::uint64_t i = 0; i < 3; ++i) {
        results::TrialRecord t = trial(i);
        const bool dead = i < 2;
        t.checks = {{"device_returns", false,
                     dead ? "the key is dead: no answer" : "no answer; it answered after 1"}};
        t.verdict = "fail";
        t.reason = "x";
        t.replay = "nk3rig replay runs/x " + std::to_string(i);
        store.record(t);
    }
    const auto table = summarize(store, {"device_returns"}, "sim:nk3am-1.3.1");
    EXPECT_NE(table.conclusion.find("3 of 3 trials failed at 1 flash operations (2 left the key "
                                    "dead: no answer across further power cycles; 0 left it "
                                    "answering but reset: new device secret, so SSH keys are "
                                    "refused; 0 passed): the key did not come back "
                                    "[device_returns 3]"),
              std::string::npos)
        << table.conclusion;
}

TEST_F(SummaryTableTest, NoFailures) {
    const auto store = store_with(1, 1);  // trial 1 passes
    const auto table = summarize(store, kChecks, "sim:nk3xn-1.3.1");
    EXPECT_EQ(table.table,
              "failed trials              torn    total\n"
              "(trials)                      1        1\n"
              "device_returns                0        0\n"
              "fs_intact                     0        0\n"
              "credentials_survive           0        0\n"
              "counter_monotonic             0        0\n"
              "no_self_reset                 0        0\n");
    EXPECT_EQ(
        table.conclusion,
        "conclusion: sim:nk3xn-1.3.1: no check failed in 1 trials: the key recovered from every "
        "cut");
    EXPECT_EQ(table.failed, 0u);
}

TEST_F(SummaryTableTest, AnEmptyRun) {
    const auto store = store_with(0);
    const auto table = summarize(store, kChecks, "sim:nk3xn-1.3.1");
    EXPECT_EQ(table.table,
              "failed trials             total\n"
              "(trials)                      0\n"
              "device_returns                0\n"
              "fs_intact                     0\n"
              "credentials_survive           0\n"
              "counter_monotonic             0\n"
              "no_self_reset                 0\n");
    EXPECT_EQ(
        table.conclusion,
        "conclusion: sim:nk3xn-1.3.1: no check failed in 0 trials: the key recovered from every "
        "cut");
    EXPECT_EQ(table.trials, 0u);
}

}  // namespace
}  // namespace nk3::engine
