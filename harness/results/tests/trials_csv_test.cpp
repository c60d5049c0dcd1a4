// trials.csv: the stable header, one row per trial in plan-index order, RFC 4180 quoting that a
// CSV reader undoes exactly, and identical files from identical runs but for duration_us.

#include "harness/results/trials_csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/results/result_store.hpp"
#include "harness/results/tests/store_test_support.hpp"

namespace nk3::results {
namespace {

namespace fs = std::filesystem;
using testing::read_text;
using testing::sample_run;
using testing::sample_trial;
using TrialsCsvTest = testing::StoreTest;

using Records = std::vector<std::vector<std::string>>;

// A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes.
Records parse_csv(const std::string& text) {
    Records records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            EXPECT_TRUE(field.empty()) << "quote inside an unquoted field at " << i;
            quoted = true;
        } else if (c == ',') {
            record.push_back(field);
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            record.push_back(field);
            field.clear();
            records.push_back(record);
            record.clear();
            ++i;
        } else {
            EXPECT_NE(c, '\n') << "bare LF outside quotes at " << i;
            field += c;
        }
    }
    EXPECT_FALSE(quoted);
    EXPECT_TRUE(record.empty() && field.empty()) << "last record not CRLF-terminated";
    return records;
}

TEST_F(TrialsCsvTest, HeaderIsStable) {
    EXPECT_EQ(trials_csv_header(),
              "plan_index,plan,fault,cut_mode,flash_op,second_op,op_kind,offset_us,sim_time_ns,"
              "verdict,failing_checks,reason,recovery_ns,duration_us,replay\r\n");
}

TEST_F(TrialsCsvTest, RowsComeInPlanIndexOrderWithEveryColumn) {
    {
        ResultStore store = ResultStore::create(root_, sample_run());
        for (const std::uint64_t index : {3u, 0u, 1u})
            store.record(sample_trial(index));
        store.write_csv();
    }
    const Records records = parse_csv(read_text(root_ / "trials.csv"));
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0], trials_csv_columns());
    EXPECT_EQ(records[1][0], "0");
    EXPECT_EQ(records[2][0], "1");
    EXPECT_EQ(records[3][0], "3");
    const TrialRecord three = sample_trial(3);
    EXPECT_EQ(records[3],
              (std::vector<std::string>{"3", "flash-sweep", three.fault, "before", "1", "", "erase",
                                        "", "3007", "fail", "credentials_survive;no_self_reset",
                                        three.reason, "250003", "603", "nk3rig replay out 37"}));
    EXPECT_FALSE(fs::exists(root_ / "trials.csv.tmp"));
}

TEST_F(TrialsCsvTest, CommasQuotesAndNewlinesSurviveQuoting) {
    TrialRecord trial = sample_trial(1);
    trial.fault = "op 1, torn";
    trial.reason = "lost: \"ssh\" credential,\nthen \"web\"\r\ntoo";
    trial.replay = "nk3rig replay \"my, dir\" 1";
    trial.offset_us = -250;
    {
        ResultStore store = ResultStore::create(root_, sample_run());
        store.record(trial);
        store.write_csv();
    }
    const std::string text = read_text(root_ / "trials.csv");
    EXPECT_NE(text.find("\"lost: \"\"ssh\"\" credential,\nthen \"\"web\"\"\r\ntoo\""),
              std::string::npos);
    const Records records = parse_csv(text);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1][2], trial.fault);
    EXPECT_EQ(records[1][7], "-250");
    EXPECT_EQ(records[1][11], trial.reason);
    EXPECT_EQ(records[1][14], trial.replay);
}

TEST_F(TrialsCsvTest, SameTrialsGiveTheSameFileButForDuration) {
    for (const char* name : {"a", "b"}) {
        ResultStore store = ResultStore::create(root_ / name, sample_run());
        for (std::uint64_t i = 0; i < 20; ++i) {
            TrialRecord trial = sample_trial(i);
            if (std::string(name) == "b") trial.duration_us *= 3;  // wall clock differs
            store.record(trial);
        }
        store.write_csv();
    }
    Records a = parse_csv(read_text(root_ / "a" / "trials.csv"));
    Records b = parse_csv(read_text(root_ / "b" / "trials.csv"));
    ASSERT_EQ(a.size(), 21u);
    EXPECT_NE(a, b);
    for (auto* records : {&a, &b}) {
        for (auto& record : *records)
            record[13].clear();  // duration_us
    }
    EXPECT_EQ(a, b);
}

TEST_F(TrialsCsvTest, AnEmptyRunHasTheHeaderOnly) {
    ResultStore::create(root_, sample_run()).write_csv();
    EXPECT_EQ(read_text(root_ / "trials.csv"), trials_csv_header());
}

}  // namespace
}  // namespace nk3::results
