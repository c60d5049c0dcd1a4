// How many trials per second record() commits (one transaction each, WAL, synchronous=NORMAL).
// Printed for the record, never asserted: the engine targets 1,500 trials per second and the
// store must not be what limits it.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "harness/results/result_store.hpp"
#include "harness/results/tests/store_test_support.hpp"

namespace nk3::results {
namespace {

using testing::sample_run;
using testing::sample_trial;
using RecordThroughputTest = testing::StoreTest;

constexpr std::uint64_t kTrials = 5000;

double records_per_second(ResultStore& store, unsigned threads) {
    std::vector<TrialRecord> trials;
    for (std::uint64_t i = 0; i < kTrials; ++i)
        trials.push_back(sample_trial(i));
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (std::uint64_t i = t; i < kTrials; i += threads)
                store.record(trials[i]);
        });
    }
    for (auto& worker : workers)
        worker.join();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return static_cast<double>(kTrials) / elapsed.count();
}

TEST_F(RecordThroughputTest, PrintsRecordsPerSecond) {
    for (const unsigned threads : {1u, 2u}) {
        ResultStore store = ResultStore::create(root_ / std::to_string(threads), sample_run());
        const double rate = records_per_second(store, threads);
        std::printf("[ result store ] %llu trials (4 checks each), %u thread(s): %.0f records/s\n",
                    static_cast<unsigned long long>(kTrials), threads, rate);
        EXPECT_EQ(store.trial_count(), kTrials);
    }
}

}  // namespace
}  // namespace nk3::results
