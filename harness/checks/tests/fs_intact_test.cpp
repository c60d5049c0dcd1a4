// fs_intact: the simulator's fsck when there is a simulator, the admin status's init flags on a
// bench, skipped when a key has neither.

#include <gtest/gtest.h>

#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks::testing {
namespace {

TEST(FsIntact, SimulatorFsckClean) {
    FakeLink link;
    FakeSim sim;
    History history;
    EXPECT_TRUE(run_one("fs_intact", link, history, &sim).passed);
    EXPECT_EQ(link.count("admin_status"), 0);
}

TEST(FsIntact, SimulatorFsckDamaged) {
    FakeLink link;
    FakeSim sim;
    sim.fsck.ok = false;
    sim.fsck.problems = {"internal: metadata pair 0/1: both commits torn", "second"};
    History history;
    const auto result = run_one("fs_intact", link, history, &sim);
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(
        result.reason,
        "filesystem check found 2 problem(s): internal: metadata pair 0/1: both commits torn");
}

TEST(FsIntact, BenchAdminStatusClean) {
    FakeLink link;
    link.admin = rig::AdminStatus{0x00, 100, 400, 2};
    History history;
    const auto result = run_one("fs_intact", link, history);
    EXPECT_TRUE(result.passed);
    EXPECT_FALSE(result.skipped);
}

TEST(FsIntact, BenchAdminStatusFlagsDamage) {
    FakeLink link;
    link.admin = rig::AdminStatus{0x02 | 0x04, 3, 400, 2};
    History history;
    const auto result = run_one("fs_intact", link, history);
    EXPECT_FALSE(result.passed);
    EXPECT_NE(result.reason.find("internal flash error and external flash error (init flags 0x06"),
              std::string::npos)
        << result.reason;
}

TEST(FsIntact, SkippedWithoutSimulatorOrAdminStatus) {
    FakeLink link;
    History history;
    const auto result = run_one("fs_intact", link, history);
    EXPECT_TRUE(result.passed);
    EXPECT_TRUE(result.skipped);
    EXPECT_FALSE(result.reason.empty());
}

}  // namespace
}  // namespace nk3::checks::testing
