// summary.json: run info, counts, failures per check and per check x cut mode, failing trials.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/results/result_store.hpp"
#include "harness/results/tests/store_test_support.hpp"

namespace nk3::results {
namespace {

using testing::read_text;
using testing::sample_run;
using testing::sample_trial;
using SummaryTest = testing::StoreTest;

nlohmann::json summary_of(const std::filesystem::path& dir) {
    return nlohmann::json::parse(read_text(dir / "summary.json"));
}

TEST_F(SummaryTest, CountsFailuresPerCheckAndCutMode) {
    ResultStore store = ResultStore::create(root_, sample_run());
    // 0..11: odd indexes fail credentials_survive and no_self_reset. Cut modes cycle
    // before, torn, after: failing 1 torn, 3 before, 5 after, 7 torn, 9 before, 11 after.
    for (std::uint64_t i = 0; i < 12; ++i)
        store.record(sample_trial(i));
    TrialRecord only_fs = sample_trial(12);  // before
    only_fs.checks.back() = {"fs_intact", false, "fsck: orphan block"};
    only_fs.verdict = "fail";
    only_fs.reason = "fs_intact: fsck: orphan block";
    store.record(only_fs);
    store.set_status(RunStatus::complete);
    store.write_summary();

    const nlohmann::json summary = summary_of(root_);
    EXPECT_EQ(summary["format"], 1);
    EXPECT_EQ(summary["status"], "complete");
    EXPECT_EQ(summary["run"]["scenario"], "seed-incident");
    EXPECT_EQ(summary["run"]["seed"].get<std::uint64_t>(), 18446744073709551615ull);
    EXPECT_EQ(summary["run"]["plan_size"], 300);
    EXPECT_EQ(summary["run"]["finished"], store.info().finished);
    EXPECT_EQ(summary["counts"], (nlohmann::json{{"trials", 13}, {"passed", 6}, {"failed", 7}}));
    EXPECT_EQ(summary["failures_by_check"], (nlohmann::json{{"device_returns", 0},
                                                            {"credentials_survive", 6},
                                                            {"no_self_reset", 6},
                                                            {"fs_intact", 1}}));
    const nlohmann::json& matrix = summary["failures_by_check_and_cut_mode"];
    EXPECT_EQ(matrix["credentials_survive"],
              (nlohmann::json{{"before", 2}, {"torn", 2}, {"after", 2}}));
    EXPECT_EQ(matrix["device_returns"], (nlohmann::json{{"before", 0}, {"torn", 0}, {"after", 0}}));
    EXPECT_EQ(matrix["fs_intact"], (nlohmann::json{{"before", 1}, {"torn", 0}, {"after", 0}}));

    const nlohmann::json& failing = summary["failing_trials"];
    ASSERT_EQ(failing.size(), 7u);
    std::vector<std::uint64_t> indexes;
    for (const auto& trial : failing)
        indexes.push_back(trial["plan_index"]);
    EXPECT_EQ(indexes, (std::vector<std::uint64_t>{1, 3, 5, 7, 9, 11, 12}));
    EXPECT_EQ(failing[0]["reason"], sample_trial(1).reason);
    EXPECT_EQ(failing[0]["failing_checks"],
              (nlohmann::json{"credentials_survive", "no_self_reset"}));
    EXPECT_EQ(failing[0]["cut_mode"], "torn");
    EXPECT_EQ(failing[0]["flash_op"], 0);
    EXPECT_TRUE(failing[0]["offset_us"].is_null());
    EXPECT_EQ(failing[0]["replay"], "nk3rig replay out 37");
    EXPECT_EQ(failing[6]["failing_checks"], (nlohmann::json{"fs_intact"}));
}

TEST_F(SummaryTest, ChecksKeepTheirRunningOrder) {
    ResultStore store = ResultStore::create(root_, sample_run());
    store.record(sample_trial(0));
    store.write_summary();
    const std::string text = read_text(root_ / "summary.json");
    const auto position = [&text](const char* check) { return text.find(check); };
    EXPECT_LT(position("device_returns"), position("credentials_survive"));
    EXPECT_LT(position("credentials_survive"), position("no_self_reset"));
    EXPECT_LT(position("no_self_reset"), position("fs_intact"));
}

TEST_F(SummaryTest, InterruptedAndEmptyRuns) {
    ResultStore store = ResultStore::create(root_, sample_run());
    store.write_summary();
    nlohmann::json summary = summary_of(root_);
    EXPECT_EQ(summary["status"], "running");
    EXPECT_EQ(summary["counts"], (nlohmann::json{{"trials", 0}, {"passed", 0}, {"failed", 0}}));
    EXPECT_TRUE(summary["failures_by_check"].empty());
    EXPECT_TRUE(summary["failing_trials"].is_array());

    TrialRecord no_cut = sample_trial(1);
    no_cut.cut_mode = "";
    store.record(no_cut);
    store.set_status(RunStatus::interrupted);
    store.write_summary();
    summary = summary_of(root_);
    EXPECT_EQ(summary["status"], "interrupted");
    EXPECT_EQ(summary["run"]["status"], "interrupted");
    EXPECT_EQ(summary["failures_by_check_and_cut_mode"]["credentials_survive"]["none"], 1);
}

}  // namespace
}  // namespace nk3::results
