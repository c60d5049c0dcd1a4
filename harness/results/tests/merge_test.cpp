// Merging the shards of one run, and refusing shards that do not belong together.

#include <gtest/gtest.h>

#include <functional>

#include "harness/results/result_store.hpp"
#include "harness/results/tests/store_test_support.hpp"

namespace nk3::results {
namespace {

namespace fs = std::filesystem;
using testing::sample_run;
using testing::sample_trial;
using MergeTest = testing::StoreTest;

// Shard I of N holds the plan indexes i with i % N == I, below `size`.
fs::path make_shard(const fs::path& dir, RunInfo info, std::uint64_t size,
                    RunStatus status = RunStatus::complete) {
    ResultStore store = ResultStore::create(dir, info);
    for (std::uint64_t i = info.shard_index; i < size; i += info.shard_count) {
        store.record(sample_trial(i));
    }
    store.set_status(status);
    return dir;
}

TEST_F(MergeTest, TwoShardsMakeOneRun) {
    RunInfo first = sample_run(0, 2);
    RunInfo second = sample_run(1, 2);
    second.host = "bench-2";
    second.started = "2025-01-31T11:00:00Z";
    const fs::path a = make_shard(root_ / "a", first, 40);
    const fs::path b = make_shard(root_ / "b", second, 40);

    const ResultStore merged = ResultStore::merge({a, b}, root_ / "merged");
    const RunInfo& info = merged.info();
    EXPECT_EQ(info.shard_index, 0u);
    EXPECT_EQ(info.shard_count, 1u);
    EXPECT_EQ(info.scenario, first.scenario);
    EXPECT_EQ(info.seed, first.seed);
    EXPECT_EQ(info.plan_size, first.plan_size);
    EXPECT_EQ(info.host, "bench-1, bench-2");
    EXPECT_EQ(info.started, "2025-01-31T11:00:00Z");
    EXPECT_EQ(info.status, RunStatus::complete);
    EXPECT_FALSE(info.finished.empty());

    const auto trials = ResultStore::open(root_ / "merged").trials();
    ASSERT_EQ(trials.size(), 40u);
    for (std::uint64_t i = 0; i < 40; ++i)
        EXPECT_EQ(trials[i], sample_trial(i));
}

TEST_F(MergeTest, MissingOrUnfinishedShardsMakeAnInterruptedRun) {
    const fs::path a = make_shard(root_ / "a", sample_run(0, 3), 30);
    const fs::path c = make_shard(root_ / "c", sample_run(2, 3), 30);
    EXPECT_EQ(ResultStore::merge({a, c}, root_ / "m1").info().status, RunStatus::interrupted);
    const fs::path b = make_shard(root_ / "b", sample_run(1, 3), 30, RunStatus::interrupted);
    const ResultStore merged = ResultStore::merge({a, b, c}, root_ / "m2");
    EXPECT_EQ(merged.info().status, RunStatus::interrupted);
    EXPECT_EQ(merged.info().finished, "");
    EXPECT_EQ(merged.trial_count(), 30u);
}

void expect_mismatch(const std::vector<fs::path>& shards, const fs::path& out,
                     const std::string& expected) {
    try {
        ResultStore::merge(shards, out);
        FAIL() << "merged despite: " << expected;
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::mismatch) << e.what();
        EXPECT_TRUE(e.bad_input());
        EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(out / "results.sqlite")) << "a failed merge left a run behind";
}

TEST_F(MergeTest, EveryMismatchIsRefusedNamingDirectoryAndField) {
    const fs::path a = make_shard(root_ / "a", sample_run(0, 2), 20);
    const std::vector<std::pair<std::string, std::function<void(RunInfo&)>>> changes = {
        {"scenario 'rk-create' differs from 'seed-incident'",
         [](RunInfo& i) { i.scenario = "rk-create"; }},
        {"scenario sha256", [](RunInfo& i) { i.scenario_sha256 = std::string(64, 'b'); }},
        {"target 'sim:nk3xn-1.3.1' differs", [](RunInfo& i) { i.target = "sim:nk3xn-1.3.1"; }},
        {"seed 7 differs from 18446744073709551615", [](RunInfo& i) { i.seed = 7; }},
        {"plan 'random' differs", [](RunInfo& i) { i.plan = "random"; }},
        {"plan size 301 differs from 300", [](RunInfo& i) { i.plan_size = 301; }},
        {"shard count 3 differs from 2", [](RunInfo& i) { i.shard_count = 3; }},
    };
    int n = 0;
    for (const auto& [expected, change] : changes) {
        RunInfo other = sample_run(1, 2);
        change(other);
        const fs::path b = make_shard(root_ / ("b" + std::to_string(n++)), other, 20);
        expect_mismatch(
            {a, b}, root_ / "out",
            b.string() + " is not a shard of the same run as " + a.string() + ": " + expected);
    }
}

TEST_F(MergeTest, SameShardTwiceIsRefused) {
    const fs::path a = make_shard(root_ / "a", sample_run(0, 2), 20);
    const fs::path again = make_shard(root_ / "again", sample_run(0, 2), 20);
    expect_mismatch({a, again}, root_ / "out", again.string() + " is shard 1/2 again");
    expect_mismatch({a, a}, root_ / "out", "is shard 1/2 again");
}

TEST_F(MergeTest, OverlappingPlanIndexesAreRefused) {
    const fs::path a = make_shard(root_ / "a", sample_run(0, 2), 20);
    RunInfo other = sample_run(1, 2);
    ResultStore b = ResultStore::create(root_ / "b", other);
    b.record(sample_trial(1));
    b.record(sample_trial(4));  // belongs to shard 0, which has it too
    expect_mismatch({a, root_ / "b"}, root_ / "out",
                    "plan index 4 of " + (root_ / "b").string() + " is also in " + a.string());
    EXPECT_FALSE(fs::exists(root_ / "out"));
}

TEST_F(MergeTest, BadInputDirectoriesAreRefused) {
    const fs::path a = make_shard(root_ / "a", sample_run(0, 2), 20);
    try {
        ResultStore::merge({a, root_ / "nothing"}, root_ / "out");
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::not_a_run);
        EXPECT_NE(std::string(e.what()).find((root_ / "nothing").string()), std::string::npos);
    }
    EXPECT_THROW(ResultStore::merge({}, root_ / "out"), StoreError);
    // The output directory must not hold a run already (here: one of the shards).
    const fs::path b = make_shard(root_ / "b", sample_run(1, 2), 20);
    try {
        ResultStore::merge({a, b}, a);
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::already_a_run);
    }
    EXPECT_EQ(ResultStore::open(a).trial_count(), 10u);
}

}  // namespace
}  // namespace nk3::results
