// trials.csv and summary.json are written streaming from the database (memory does not grow
// with the run). The bytes must be those of the in-memory way of writing them: the header and
// trials_csv_row() of every trial, and build_summary(...).dump(2) plus a newline.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "harness/results/result_store.hpp"
#include "harness/results/run_summary.hpp"
#include "harness/results/sqlite_database.hpp"
#include "harness/results/tests/store_test_support.hpp"
#include "harness/results/trials_csv.hpp"

namespace nk3::results {
namespace {

using testing::read_text;
using testing::sample_run;
using testing::sample_trial;
using StreamingFilesTest = testing::StoreTest;

// Trials with every kind of field: all cut modes and none, time offsets (negative too), nested
// second cuts, reasons that need CSV quoting and JSON escaping, non-ASCII text.
TrialRecord varied_trial(std::uint64_t index) {
    TrialRecord t = sample_trial(index);
    switch (index % 7) {
        case 0:
            t.cut_mode = "time";
            t.flash_op.reset();
            t.op_kind = "";
            t.plan = "random";
            t.offset_us = static_cast<std::int64_t>(index % 13) * 37 - 100;
            t.fault = "time +" + std::to_string(*t.offset_us) + " us";
            break;
        case 1:
            t.second_op = static_cast<std::int64_t>(index % 5);
            t.plan = "nested";
            break;
        case 2:
            t.cut_mode = "";
            t.flash_op.reset();
            t.fault = "no cut (after the operation)";
            break;
        default:
            break;
    }
    if (t.verdict == "fail" && index % 3 == 0) {
        t.checks[1].reason = "lost: \"ssh\", \"web\"\nand more, \xc3\xa9t\xc3\xa9 \\ tab\t";
        t.reason = "credentials_survive: " + t.checks[1].reason;
    }
    return t;
}

constexpr std::uint64_t kTrials = 20'000;

TEST_F(StreamingFilesTest, SummaryJsonIsTheDumpOfTheWholeSummary) {
    ResultStore store = ResultStore::create(root_, testing::sample_run_of(kTrials));
    for (std::uint64_t i = 0; i < kTrials; ++i)
        store.record(varied_trial(i));
    store.set_status(RunStatus::complete);
    store.write_summary();

    sqlite::Database db(root_ / "results.sqlite", sqlite::Database::Mode::read_write);
    const std::string expected = build_summary(db, store.info()).dump(2) + "\n";
    const std::string written = read_text(root_ / "summary.json");
    EXPECT_EQ(written.size(), expected.size());
    EXPECT_TRUE(written == expected);  // not EXPECT_EQ: a mismatch would print megabytes
    const auto parsed = nlohmann::ordered_json::parse(written);
    EXPECT_EQ(parsed["failing_trials"].size(), kTrials / 2);
    EXPECT_EQ(parsed["failing_trials"][0]["failing_checks"],
              (nlohmann::json{"credentials_survive", "no_self_reset"}));
}

TEST_F(StreamingFilesTest, SummaryJsonWithoutFailuresOrTrials) {
    ResultStore store = ResultStore::create(root_, testing::sample_run_of(kTrials));
    sqlite::Database db(root_ / "results.sqlite", sqlite::Database::Mode::read_write);
    store.write_summary();  // no trial at all
    EXPECT_EQ(read_text(root_ / "summary.json"), build_summary(db, store.info()).dump(2) + "\n");
    EXPECT_NE(read_text(root_ / "summary.json").find("\"failing_trials\": []"), std::string::npos);
    for (std::uint64_t i = 0; i < 10; i += 2)  // passing trials only
        store.record(varied_trial(i));
    store.write_summary();
    EXPECT_EQ(read_text(root_ / "summary.json"), build_summary(db, store.info()).dump(2) + "\n");
    store.record(varied_trial(3));  // one failure
    store.write_summary();
    EXPECT_EQ(read_text(root_ / "summary.json"), build_summary(db, store.info()).dump(2) + "\n");
}

TEST_F(StreamingFilesTest, TrialsCsvIsTheRowsOfEveryTrial) {
    ResultStore store = ResultStore::create(root_, testing::sample_run_of(kTrials));
    for (std::uint64_t i = kTrials; i-- > 0;)  // recorded out of order, written in order
        store.record(varied_trial(i));
    store.write_csv();
    std::string expected = trials_csv_header();
    for (std::uint64_t i = 0; i < kTrials; ++i)
        expected += trials_csv_row(varied_trial(i));
    const std::string written = read_text(root_ / "trials.csv");
    EXPECT_EQ(written.size(), expected.size());
    EXPECT_TRUE(written == expected);
}

}  // namespace
}  // namespace nk3::results
