// RunDirLock: one writer per run directory; the lock goes with the holder.

#include "harness/results/run_dir_lock.hpp"

#include <gtest/gtest.h>

#include "harness/results/store_error.hpp"
#include "harness/results/tests/store_test_support.hpp"

namespace nk3::results {
namespace {

using RunDirLockTest = testing::StoreTest;

TEST_F(RunDirLockTest, SecondLockIsRefusedAsInUseUntilTheFirstGoes) {
    {
        RunDirLock first(root_);
        try {
            RunDirLock second(root_);
            FAIL() << "two locks on one run directory";
        } catch (const StoreError& e) {
            EXPECT_EQ(e.kind(), StoreError::Kind::in_use);
            EXPECT_TRUE(e.bad_input());
            EXPECT_NE(std::string(e.what()).find(root_.string()), std::string::npos);
        }
        RunDirLock moved(std::move(first));
        EXPECT_THROW(RunDirLock again(root_), StoreError);
    }
    EXPECT_NO_THROW(RunDirLock after(root_));
}

TEST_F(RunDirLockTest, MissingDirectoryIsNotARun) {
    try {
        RunDirLock lock(root_ / "missing");
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_EQ(e.kind(), StoreError::Kind::not_a_run);
    }
}

}  // namespace
}  // namespace nk3::results
