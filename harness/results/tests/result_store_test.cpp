// The result store: round trips of every field, resume, duplicates, concurrency, and refusing
// directories that are not (or already are) runs.

#include "harness/results/result_store.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "harness/results/tests/store_test_support.hpp"

namespace nk3::results {
namespace {

namespace fs = std::filesystem;
using testing::sample_run;
using testing::sample_trial;
using ResultStoreTest = testing::StoreTest;

TrialRecord every_field_trial() {
    TrialRecord trial;
    trial.plan_index = 9'000'000'000'000'000'002ull;  // beyond 32 bits; shard 3 of 4
    trial.fault = "nested: flash op 37 (erase chip 0 @0x3000) torn, then boot op 4 after";
    trial.plan = "nested";
    trial.cut_mode = "torn";
    trial.flash_op = 37;
    trial.second_op = -4;
    trial.op_kind = "erase";
    trial.offset_us = 123456789012;
    trial.sim_time_ns = 98765432109876;
    trial.verdict = "fail";
    trial.checks = {{"device_returns", true, ""},
                    {"credentials_survive", false, "lost: \"ssh\", (acknowledged)\nsecond line"},
                    {"fs_intact", false, "fsck: 2 errors; ünïcode"}};
    trial.reason = "credentials_survive: lost: \"ssh\", (acknowledged)";
    trial.recovery_ns = 1'500'000'000;
    trial.duration_us = 4321;
    trial.replay = "nk3rig replay 'out dir' 9000000000000000000";
    return trial;
}

TEST_F(ResultStoreTest, EveryFieldRoundTrips) {
    RunInfo info = sample_run(2, 4);
    info.plan_size = 9'000'000'000'000'000'003ull;  // the store checks indexes against it
    const TrialRecord full = every_field_trial();
    TrialRecord empty;  // optionals absent, strings empty, no checks: the least a row can hold
    empty.plan_index = 2;
    empty.plan = "flash-sweep";
    empty.verdict = "pass";
    {
        ResultStore store = ResultStore::create(root_ / "run", info);
        EXPECT_EQ(store.info(), info);
        store.record(full);
        store.record(empty);
    }
    const ResultStore store = ResultStore::open(root_ / "run");
    EXPECT_EQ(store.info(), info);
    EXPECT_EQ(store.dir(), root_ / "run");
    const std::vector<TrialRecord> trials = store.trials();
    ASSERT_EQ(trials.size(), 2u);
    EXPECT_EQ(trials[0], empty);
    EXPECT_EQ(trials[1], full);
    EXPECT_EQ(trials[1].failing_checks(),
              (std::vector<std::string>{"credentials_survive", "fs_intact"}));
    EXPECT_EQ(store.trial_count(), 2u);
}

TEST_F(ResultStoreTest, ResumeSeesRecordedIndexes) {
    {
        ResultStore store = ResultStore::create(root_, sample_run());
        for (const std::uint64_t index : {5u, 1u, 42u})
            store.record(sample_trial(index));
    }
    ResultStore resumed = ResultStore::open(root_);
    EXPECT_EQ(resumed.recorded_indexes(), (std::vector<std::uint64_t>{1, 5, 42}));
    resumed.record(sample_trial(2));
    EXPECT_EQ(ResultStore::open(root_).recorded_indexes(),
              (std::vector<std::uint64_t>{1, 2, 5, 42}));
}

TEST_F(ResultStoreTest, RecordingAnIndexTwiceIsRefusedAndChangesNothing) {
    ResultStore store = ResultStore::create(root_, sample_run());
    store.record(sample_trial(7));
    TrialRecord again = sample_trial(8);
    again.plan_index = 7;
    try {
        store.record(again);
        FAIL() << "duplicate accepted";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::duplicate_trial);
        EXPECT_FALSE(e.bad_input());
        EXPECT_NE(std::string(e.what()).find("trial 7 is already recorded"), std::string::npos);
    }
    // The first record is intact (checks included) and the store still takes new trials.
    store.record(sample_trial(8));
    const auto trials = store.trials();
    ASSERT_EQ(trials.size(), 2u);
    EXPECT_EQ(trials[0], sample_trial(7));
    EXPECT_EQ(trials[1], sample_trial(8));
    EXPECT_THROW(ResultStore::open(root_).record(sample_trial(8)), StoreError);
}

TEST_F(ResultStoreTest, FourThreadsRecordConcurrently) {
    ResultStore store = ResultStore::create(root_, testing::sample_run_of(1000));
    constexpr std::uint64_t kPerThread = 250;
    std::vector<std::thread> workers;
    for (std::uint64_t t = 0; t < 4; ++t) {
        workers.emplace_back([&store, t] {
            for (std::uint64_t i = 0; i < kPerThread; ++i)
                store.record(sample_trial(i * 4 + t));
        });
    }
    for (auto& worker : workers)
        worker.join();
    const auto trials = ResultStore::open(root_).trials();
    ASSERT_EQ(trials.size(), 4 * kPerThread);
    for (std::uint64_t i = 0; i < trials.size(); ++i)
        EXPECT_EQ(trials[i], sample_trial(i));
}

TEST_F(ResultStoreTest, CreateRefusesADirectoryThatHoldsARun) {
    { ResultStore::create(root_, sample_run()).record(sample_trial(1)); }
    try {
        ResultStore::create(root_, sample_run());
        FAIL() << "second create accepted";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::already_a_run);
        EXPECT_TRUE(e.bad_input());
        EXPECT_NE(std::string(e.what()).find(root_.string()), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("already holds a run"), std::string::npos);
    }
    EXPECT_EQ(ResultStore::open(root_).trial_count(), 1u);  // the run is untouched
}

TEST_F(ResultStoreTest, CreateMakesMissingDirectoriesAndUsesWal) {
    const fs::path dir = root_ / "a" / "b";
    {
        ResultStore store = ResultStore::create(dir, sample_run());
        store.record(sample_trial(0));
        EXPECT_TRUE(fs::is_regular_file(dir / "results.sqlite"));
        EXPECT_TRUE(fs::exists(dir / "results.sqlite-wal"));  // WAL while the store is open
    }
    EXPECT_FALSE(fs::exists(dir / "results.sqlite-wal"));  // checkpointed on a clean close
    EXPECT_EQ(ResultStore::open(dir).trial_count(), 1u);
}

void expect_not_a_run(const fs::path& dir, const std::string& why) {
    try {
        ResultStore::open(dir);
        FAIL() << dir << " opened";
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::not_a_run) << e.what();
        EXPECT_TRUE(e.bad_input());
        const std::string message = e.what();
        EXPECT_NE(message.find(dir.string() + " is not an nk3rig run directory"), std::string::npos)
            << message;
        EXPECT_NE(message.find(why), std::string::npos) << message;
    }
}

TEST_F(ResultStoreTest, OpenRefusesWhatIsNotARun) {
    expect_not_a_run(root_ / "missing", "no such directory");
    expect_not_a_run(root_, "no results.sqlite");
    fs::create_directories(root_ / "garbage");
    std::ofstream(root_ / "garbage" / "results.sqlite") << "this is not a database, it is text\n";
    expect_not_a_run(root_ / "garbage", "results.sqlite");
    fs::create_directories(root_ / "empty");
    std::ofstream(root_ / "empty" / "results.sqlite").close();  // a valid, empty SQLite file
    expect_not_a_run(root_ / "empty", "holds no nk3rig result store");
}

TEST_F(ResultStoreTest, SetStatusStampsFinishedUnlessRunning) {
    ResultStore store = ResultStore::create(root_, sample_run());
    EXPECT_EQ(store.info().status, RunStatus::running);
    store.set_status(RunStatus::interrupted);
    EXPECT_EQ(store.info().status, RunStatus::interrupted);
    EXPECT_EQ(store.info().finished.size(), std::string("2025-01-31T12:00:00Z").size());
    EXPECT_EQ(ResultStore::open(root_).info(), store.info());
    store.set_status(RunStatus::running);  // --resume
    EXPECT_EQ(store.info().finished, "");
    store.set_status(RunStatus::complete);
    EXPECT_EQ(ResultStore::open(root_).info().status, RunStatus::complete);
}

TEST_F(ResultStoreTest, PlanIndexBeyondSqliteRangeIsRefused) {
    ResultStore store = ResultStore::create(root_, sample_run());
    try {
        store.record(sample_trial(1ull << 63));
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::invalid_record);
    }
    EXPECT_EQ(store.trial_count(), 0u);
}

TEST(RunStatusTest, NamesRoundTrip) {
    for (const RunStatus status :
         {RunStatus::running, RunStatus::complete, RunStatus::interrupted}) {
        EXPECT_EQ(parse_run_status(to_string(status)), status);
    }
    EXPECT_EQ(parse_run_status("done"), std::nullopt);
}

}  // namespace
}  // namespace nk3::results
