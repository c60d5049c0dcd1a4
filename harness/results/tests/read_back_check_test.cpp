// check_read_back: the rows the store writes pass; rows no nk3rig writes are corrupt, named.

#include "harness/results/read_back_check.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "harness/results/store_error.hpp"
#include "harness/results/tests/store_test_support.hpp"

namespace nk3::results {
namespace {

using testing::sample_run;
using testing::sample_trial;

TEST(ReadBackCheck, SampleRowsPass) {
    const RunInfo info = sample_run();
    EXPECT_NO_THROW(check_read_back(info, "r.sqlite"));
    for (std::uint64_t i = 0; i < 10; ++i)
        EXPECT_NO_THROW(check_read_back(info, sample_trial(i), "r.sqlite"));
}

TEST(ReadBackCheck, TamperedRowsAreCorrupt) {
    const RunInfo info = sample_run();
    // The index case names trial 300; the others trial 0.
    const std::vector<std::pair<std::string, std::function<void(TrialRecord&)>>> cases = {
        {"plan_index", [](TrialRecord& t) { t.plan_index = 300; }},
        {"verdict \"maybe\"", [](TrialRecord& t) { t.verdict = "maybe"; }},
        {"disagrees with its checks", [](TrialRecord& t) { t.verdict = "fail"; }},
        {"cut_mode", [](TrialRecord& t) { t.cut_mode = "sideways"; }},
        {"negative time", [](TrialRecord& t) { t.recovery_ns = -1; }},
        {"repeated", [](TrialRecord& t) { t.checks.push_back(t.checks.front()); }},
    };
    for (const auto& [what, tamper] : cases) {
        TrialRecord t = sample_trial(0);
        tamper(t);
        try {
            check_read_back(info, t, "r.sqlite");
            ADD_FAILURE() << "accepted: " << what;
        } catch (const StoreError& e) {
            EXPECT_EQ(e.kind(), StoreError::Kind::corrupt);
            EXPECT_TRUE(e.bad_input());
            const std::string m = e.what();
            EXPECT_NE(m.find("r.sqlite: trial "), std::string::npos) << m;
            EXPECT_NE(m.find(what), std::string::npos) << m;
        }
    }
}

TEST(ReadBackCheck, ImpossibleRunRowIsCorrupt) {
    RunInfo info = sample_run();
    info.plan_size = 0;
    EXPECT_THROW(check_read_back(info, "r.sqlite"), StoreError);
    info = sample_run(3, 2);
    EXPECT_THROW(check_read_back(info, "r.sqlite"), StoreError);
}

}  // namespace
}  // namespace nk3::results
