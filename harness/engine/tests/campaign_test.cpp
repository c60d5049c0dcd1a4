// The campaign: a stop after K trials leaves exactly K recorded; resuming records the rest
// without repeating any; --jobs 2 records the same trials as --jobs 1; shards are disjoint;
// reusing the outcomes of identical power-ons changes no record.

#include "harness/engine/campaign.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>

#include "harness/engine/tests/test_scenarios.hpp"
#include "harness/results/result_store.hpp"

namespace nk3::engine {
namespace {

namespace fs = std::filesystem;

class CampaignTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("nk3-campaign-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    results::ResultStore create(const std::string& name, const Plan& plan, Shard shard = {}) {
        results::RunInfo info;
        info.scenario = sc_.name;
        info.target = "sim:nk3xn-1.3.1";
        info.seed = 5;
        info.plan = "flash-sweep";
        info.plan_size = plan.size();
        info.shard_index = shard.index;
        info.shard_count = shard.count;
        return results::ResultStore::create(dir_ / name, info);
    }

    CampaignOptions options(int jobs = 1) {
        CampaignOptions o;
        o.jobs = jobs;
        o.seed = 5;
        return o;
    }

    static std::map<std::uint64_t, results::TrialRecord> by_index(const results::ResultStore& s) {
        std::map<std::uint64_t, results::TrialRecord> m;
        for (auto t : s.trials()) {
            t.duration_us = 0;
            m[t.plan_index] = t;
        }
        return m;
    }

    scenario::Scenario sc_ = testing::small_incident(4);
    rig::TargetFactory factory_ = rig::sim_target_factory("sim:nk3xn-1.3.1", 5);
    fs::path dir_;
};

TEST_F(CampaignTest, StopAfterKThenResumeRecordsEveryTrialOnce) {
    std::atomic<bool> stop{false};
    constexpr std::uint64_t kK = 5;
    auto o = options();
    o.stop = &stop;
    std::uint64_t seen = 0;
    o.on_trial = [&](const results::TrialRecord&) {
        if (++seen == kK) stop = true;
    };
    Campaign first(sc_, factory_, o);
    const Plan& plan = first.plan();
    ASSERT_GT(plan.size(), kK + 3);
    auto store = create("run", plan);
    const CampaignResult r1 = first.run(store, store.recorded_indexes());
    EXPECT_TRUE(r1.interrupted);
    EXPECT_EQ(r1.ran, kK);
    EXPECT_EQ(store.recorded_indexes().size(), kK);

    // Resume in a fresh campaign on the reopened store: the rest, none twice (a duplicate
    // record() throws).
    auto reopened = results::ResultStore::open(dir_ / "run");
    Campaign second(sc_, factory_, options());
    const CampaignResult r2 = second.run(reopened, reopened.recorded_indexes());
    EXPECT_FALSE(r2.interrupted);
    EXPECT_EQ(r2.skipped, kK);
    EXPECT_EQ(r2.ran, plan.size() - kK);
    const auto idx = reopened.recorded_indexes();
    ASSERT_EQ(idx.size(), plan.size());
    EXPECT_EQ(*idx.rbegin(), plan.size() - 1);
}

TEST_F(CampaignTest, TwoJobsRecordWhatOneJobRecords) {
    Campaign one(sc_, factory_, options(1));
    auto s1 = create("one", one.plan());
    one.run(s1, {});
    Campaign two(sc_, factory_, options(2));
    auto s2 = create("two", two.plan());
    const auto r = two.run(s2, {});
    EXPECT_EQ(r.workers, 2);
    EXPECT_EQ(by_index(s1), by_index(s2));
}

TEST_F(CampaignTest, ShardsAreDisjointAndTogetherTheWholePlan) {
    std::map<std::uint64_t, results::TrialRecord> all;
    std::uint64_t size = 0;
    for (std::uint32_t i = 0; i < 2; ++i) {
        auto o = options();
        o.shard = {i, 2};
        Campaign c(sc_, factory_, o);
        size = c.plan().size();
        auto s = create("shard" + std::to_string(i), c.plan(), o.shard);
        c.run(s, {});
        for (auto& [k, v] : by_index(s)) {
            EXPECT_EQ(k % 2, i);
            EXPECT_TRUE(all.emplace(k, v).second) << "index " << k << " in two shards";
        }
    }
    EXPECT_EQ(all.size(), size);
}

TEST_F(CampaignTest, ReusedOutcomesChangeNoRecord) {
    // nk3am-1.2.2 fails many of these trials, in several ways: the reused outcomes must be the
    // very ones a boot and the checks give. A flash sweep, and a nested plan (the key is taken
    // after the second cut).
    auto nested = testing::small_incident(1);
    nested.fault.kind = scenario::PlanKind::nested;
    nested.fault.nested_bound = 2;
    const auto factory = rig::sim_target_factory("sim:nk3am-1.2.2", 5);
    for (const auto* sc : {&sc_, &nested}) {
        SCOPED_TRACE(sc == &sc_ ? "flash-sweep" : "nested");
        const std::string tag = sc == &sc_ ? "sweep" : "nested";
        auto checked = options(1);
        checked.reuse_outcomes = false;
        Campaign every(*sc, factory, checked);
        auto s1 = create("every-" + tag, every.plan());
        const auto r1 = every.run(s1, {});
        EXPECT_EQ(r1.timings.reused, 0u);

        Campaign reusing(*sc, factory, options(2));
        auto s2 = create("reusing-" + tag, reusing.plan());
        const auto r2 = reusing.run(s2, {});
        EXPECT_GT(r2.timings.reused, 0u);
        EXPECT_LT(r2.timings.reused, r2.ran);
        EXPECT_GT(r1.failed, 0u);
        EXPECT_LT(r1.failed, r1.ran);
        EXPECT_EQ(r2.failed, r1.failed);
        EXPECT_EQ(by_index(s1), by_index(s2));
    }
}

}  // namespace
}  // namespace nk3::engine
