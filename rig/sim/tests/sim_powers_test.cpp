// The simulator's backends on one key: SimKeyPowers (cuts at an operation and at an instant
// land where asked, flash log, fsck, images, snapshot/restore), SimProbe, SimTouch and
// SimPowerSwitch.

#include <fido.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "rig/sim/sim_key_powers.hpp"
#include "rig/sim/sim_power_switch.hpp"
#include "rig/sim/sim_probe.hpp"
#include "rig/sim/sim_touch.hpp"
#include "sim_key_fixture.hpp"

namespace nk3::rig::testing {
namespace {

using namespace std::chrono_literals;

class SimPowersTest : public ::testing::Test {
  protected:
    SimPowersTest() : powers(k.key) {
        cred = k.make(request("ssh:", "ann", Alg::eddsa));
        snap = powers.snapshot();
    }
    LinkResult<Assertion> login() { return k.link.get_assertion("ssh:", {cred}, {}, false, {}); }
    // The flash operations of one login, from the snapshot.
    std::vector<flash::FlashOp> dry_run() {
        powers.restore(snap);
        EXPECT_TRUE(k.link.connect().ok());
        powers.set_recording(true);
        EXPECT_TRUE(login().ok());
        powers.set_recording(false);
        return powers.take_flash_log();
    }

    SimKey k;
    SimKeyPowers powers;
    Credential cred;
    device::VirtualNk3::Snapshot snap;
};

TEST_F(SimPowersTest, FlashLogOfALogin) {
    const std::uint64_t before = powers.next_flash_op();
    const auto ops = dry_run();
    ASSERT_FALSE(ops.empty());
    EXPECT_EQ(ops.front().index, before);
    EXPECT_EQ(powers.next_flash_op(), ops.back().index + 1);
    EXPECT_TRUE(powers.take_flash_log().empty());
}

TEST_F(SimPowersTest, CutAtAnOperationLandsThere) {
    const auto ops = dry_run();
    for (const flash::CutMode mode :
         {flash::CutMode::before, flash::CutMode::torn, flash::CutMode::after}) {
        for (const flash::FlashOp& op : {ops.front(), ops.back()}) {
            powers.restore(snap);
            ASSERT_TRUE(k.link.connect().ok());
            powers.arm_cut_at_op(op.index, mode);
            const auto a = login();
            EXPECT_EQ(a.status.code, FIDO_ERR_RX);
            ASSERT_TRUE(powers.last_cut());
            EXPECT_EQ(powers.last_cut()->op.index, op.index);
            EXPECT_EQ(powers.last_cut()->plan.mode, mode);
            EXPECT_FALSE(k.key->powered());
            k.key->power_on();
            EXPECT_TRUE(k.link.connect().ok());
        }
    }
}

TEST_F(SimPowersTest, CutAtATimeLandsThere) {
    const auto ops = dry_run();
    const flash::FlashOp op = ops[ops.size() / 2];
    powers.restore(snap);
    ASSERT_TRUE(k.link.connect().ok());
    const SimTime at = op.start + op.duration / 2;
    powers.arm_cut_at_time(at);
    EXPECT_FALSE(login().ok());
    ASSERT_TRUE(powers.last_cut());
    EXPECT_EQ(powers.last_cut()->op.index, op.index);
    EXPECT_EQ(powers.last_cut()->plan.mode, flash::CutMode::torn);
    EXPECT_EQ(powers.last_cut()->at, at);
    EXPECT_GE(powers.now(), at);
}

TEST_F(SimPowersTest, DisarmKeepsTheKeyUp) {
    const auto ops = dry_run();
    powers.restore(snap);
    ASSERT_TRUE(k.link.connect().ok());
    powers.arm_cut_at_op(ops.front().index, flash::CutMode::torn);
    powers.arm_cut_at_time(ops.front().start);
    powers.disarm();
    EXPECT_TRUE(login().ok());
    EXPECT_FALSE(powers.last_cut());
}

TEST_F(SimPowersTest, FsckIsOkOnAFreshKeyAndNotOnADamagedImage) {
    const FsCheckResult fresh = powers.check_filesystems();
    EXPECT_TRUE(fresh.ok);
    EXPECT_TRUE(fresh.problems.empty());
    const std::uint64_t ops = powers.next_flash_op();
    k.key->power_off();
    EXPECT_TRUE(powers.check_filesystems().ok);  // works with the key off too
    auto bytes = k.key->internal().flash().contents();
    std::fill(bytes.begin(), bytes.end(), 0x00);  // nothing mounts
    k.key->internal().flash().set_contents(bytes);
    const FsCheckResult damaged = powers.check_filesystems();
    EXPECT_FALSE(damaged.ok);
    ASSERT_FALSE(damaged.problems.empty());
    EXPECT_EQ(damaged.problems.front().rfind("internal: ", 0), 0u) << damaged.problems.front();
    EXPECT_EQ(powers.next_flash_op(), ops);  // fsck wrote nothing, counted nothing
}

TEST_F(SimPowersTest, SnapshotRestoreGivesIdenticalResults) {
    auto run = [&] {
        powers.restore(snap);
        EXPECT_TRUE(k.link.connect().ok());
        const auto a = login();
        EXPECT_TRUE(a.ok());
        return std::make_tuple(a.value->counter, a.value->signature_valid, powers.next_flash_op(),
                               powers.now());
    };
    const auto first = run();
    EXPECT_EQ(run(), first);
    EXPECT_EQ(run(), first);
}

TEST_F(SimPowersTest, SaveImagesWritesBothChips) {
    const auto dir = std::filesystem::temp_directory_path() / "nk3-rig-sim-images-test";
    std::filesystem::remove_all(dir);
    powers.save_images(dir);
    EXPECT_TRUE(std::filesystem::exists(dir / "internal.img"));
    EXPECT_TRUE(std::filesystem::exists(dir / "external.img"));
    std::filesystem::remove_all(dir);
}

TEST_F(SimPowersTest, LastBootIsTheKeys) {
    EXPECT_TRUE(powers.last_boot().internal_mounted);
    EXPECT_FALSE(powers.last_boot().halted);
}

TEST(SimProbe, SeesTheSwitchAndACut) {
    SimKey k;
    SimPowerSwitch power(k.key);
    SimProbe probe(k.key);
    EXPECT_NE(power.describe().find("nk3am-1.3.1"), std::string::npos);
    probe.start();
    k.key->advance(1ms);
    power.set(false);
    k.key->advance(50ms);
    power.set(true);
    ASSERT_TRUE(k.link.connect().ok());
    k.key->cut_at_time(k.key->now() + 2ms);
    k.key->advance(5ms);
    const ProbeCapture capture = probe.stop();
    ASSERT_EQ(capture.edges.size(), 3u);
    EXPECT_EQ(capture.edges[0].t_ns, SimTime(1ms).count());
    EXPECT_FALSE(capture.edges[0].level);
    EXPECT_EQ(capture.edges[0].channel, "vbus");
    EXPECT_EQ(capture.edges[1].t_ns, SimTime(51ms).count());
    EXPECT_TRUE(capture.edges[1].level);
    EXPECT_FALSE(capture.edges[2].level);
    EXPECT_TRUE(capture.file.empty());
    // Nothing is captured between stop and start.
    power.set(true);
    power.set(false);
    probe.start();
    EXPECT_TRUE(probe.stop().edges.empty());
}

TEST(SimTouch, RefuseAndHold) {
    SimKey k;
    SimTouch touch(k.key);
    touch.set_policy({.mode = TouchPolicy::Mode::refuse, .delay = 10ms});
    EXPECT_EQ(k.link.make_credential(request("example.org", "bea"), {}).status.code,
              FIDO_ERR_OPERATION_DENIED);
    touch.set_policy({.mode = TouchPolicy::Mode::hold, .delay = 0ms});
    EXPECT_EQ(k.link.make_credential(request("example.org", "bea"), {}).status.code,
              FIDO_ERR_USER_ACTION_TIMEOUT);
    touch.set_policy({.mode = TouchPolicy::Mode::press_after, .delay = 50ms});
    EXPECT_TRUE(k.link.make_credential(request("example.org", "bea"), {}).ok());
}

}  // namespace
}  // namespace nk3::rig::testing
