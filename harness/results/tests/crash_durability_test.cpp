// A process that dies right after record() returns (exit without destructors, abort, SIGKILL)
// loses no trial: a child process records and dies, the parent opens the run and finds them all.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "harness/results/result_store.hpp"
#include "harness/results/tests/store_test_support.hpp"

namespace nk3::results {
namespace {

namespace fs = std::filesystem;
using testing::sample_run;
using testing::sample_run_of;
using testing::sample_trial;
using CrashDurabilityTest = testing::StoreTest;

enum class Death { exit_without_cleanup, abort, sigkill };

constexpr std::uint64_t kTrials = 200;

// Forks a child that records trials [first, first + kTrials) into `dir` (creating the run when
// `create`) and dies the given way without closing the store. Returns the child's wait status.
int record_then_die(const fs::path& dir, bool create, std::uint64_t first, Death death) {
    const pid_t child = ::fork();
    if (child == 0) {
        const rlimit no_core{0, 0};
        ::setrlimit(RLIMIT_CORE, &no_core);
        try {
            auto* store = new ResultStore(create ? ResultStore::create(dir, sample_run_of(1000))
                                                 : ResultStore::open(dir));
            for (std::uint64_t i = first; i < first + kTrials; ++i)
                store->record(sample_trial(i));
        } catch (...) {
            ::_exit(99);
        }
        switch (death) {
            case Death::exit_without_cleanup:
                ::_exit(0);
            case Death::abort:
                std::abort();
            case Death::sigkill:
                ::kill(::getpid(), SIGKILL);
        }
        ::_exit(98);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
}

void expect_trials(const fs::path& dir, std::uint64_t count) {
    const ResultStore store = ResultStore::open(dir);
    const auto trials = store.trials();
    ASSERT_EQ(trials.size(), count);
    for (std::uint64_t i = 0; i < count; ++i)
        EXPECT_EQ(trials[i], sample_trial(i));
    EXPECT_EQ(store.info().status, RunStatus::running);  // never marked finished
}

TEST_F(CrashDurabilityTest, ExitWithoutClosingLosesNothing) {
    const int status = record_then_die(root_, true, 0, Death::exit_without_cleanup);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);
    // The trials sit in the write-ahead log, never checkpointed into the main file.
    EXPECT_GT(fs::file_size(root_ / "results.sqlite-wal"), 0u);
    expect_trials(root_, kTrials);
}

TEST_F(CrashDurabilityTest, AbortLosesNothing) {
    const int status = record_then_die(root_, true, 0, Death::abort);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGABRT);
    expect_trials(root_, kTrials);
}

TEST_F(CrashDurabilityTest, SigkillLosesNothingAndResumeContinues) {
    int status = record_then_die(root_, true, 0, Death::sigkill);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGKILL);
    expect_trials(root_, kTrials);
    // A resumed run that is killed again keeps both halves.
    status = record_then_die(root_, false, kTrials, Death::sigkill);
    ASSERT_TRUE(WIFSIGNALED(status));
    expect_trials(root_, 2 * kTrials);
}

}  // namespace
}  // namespace nk3::results
