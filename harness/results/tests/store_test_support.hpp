#pragma once
// What the result-store tests share: a scratch directory per test, and a run and trials with
// every field set to something distinctive.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "harness/results/result_store.hpp"

namespace nk3::results::testing {

class StoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        root_ = std::filesystem::temp_directory_path() /
                ("nk3-results-test-" + std::to_string(::getpid()) + "-" + test->test_suite_name() +
                 "-" + test->name());
        std::filesystem::remove_all(root_);
        std::filesystem::create_directories(root_);
    }
    void TearDown() override { std::filesystem::remove_all(root_); }

    std::filesystem::path root_;
};

inline RunInfo sample_run(std::uint32_t shard_index = 0, std::uint32_t shard_count = 1) {
    RunInfo info;
    info.scenario = "seed-incident";
    info.scenario_file = "scenarios/seed-incident.yaml";
    info.scenario_sha256 = std::string(64, 'a');
    info.target = "sim:nk3am-1.2.2";
    info.profile = "nk3am-1.2.2";
    info.firmware = "v1.3.0";
    info.seed = 18446744073709551615ull;  // all 64 bits
    info.plan = "flash-sweep";
    info.plan_size = 300;
    info.shard_index = shard_index;
    info.shard_count = shard_count;
    info.rig_version = "0.1.0";
    info.host = "bench-1";
    info.started = "2025-01-31T12:00:00Z";
    return info;
}

// sample_run() with a plan of `plan_size` trials (the store refuses indexes beyond the plan).
inline RunInfo sample_run_of(std::uint64_t plan_size) {
    RunInfo info = sample_run();
    info.plan_size = plan_size;
    return info;
}

// Trial `index`: passes when even, fails two checks when odd; the cut mode cycles.
inline TrialRecord sample_trial(std::uint64_t index) {
    static const char* const modes[] = {"before", "torn", "after"};
    TrialRecord trial;
    trial.plan_index = index;
    trial.plan = "flash-sweep";
    trial.cut_mode = modes[index % 3];
    trial.flash_op = static_cast<std::int64_t>(index / 3);
    trial.op_kind = index % 2 == 0 ? "program" : "erase";
    trial.fault =
        "flash op " + std::to_string(index / 3) + " (" + trial.op_kind + ") " + trial.cut_mode;
    trial.sim_time_ns = 1000 * static_cast<std::int64_t>(index) + 7;
    trial.recovery_ns = 250'000 + static_cast<std::int64_t>(index);
    trial.duration_us = 600 + static_cast<std::int64_t>(index);
    const bool fails = index % 2 == 1;
    trial.checks = {
        {"device_returns", true, ""},
        {"credentials_survive", !fails, fails ? "lost: credential ssh (acknowledged)" : ""},
        {"no_self_reset", !fails, fails ? "device secret changed" : ""},
        {"fs_intact", true, ""},
    };
    trial.verdict = fails ? "fail" : "pass";
    trial.reason = fails ? "credentials_survive: lost: credential ssh (acknowledged)" : "";
    trial.replay = fails ? "nk3rig replay out 37" : "";
    return trial;
}

inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace nk3::results::testing
