// The state directory: fresh and loaded keys, saving only on change, and refusing bad contents.

#include "harness/sim/state_dir.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "profiles/profile_loader.hpp"

namespace nk3::sim {
namespace {

namespace fs = std::filesystem;

class StateDirTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("nk3-state-dir-test-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
    }
    void TearDown() override { fs::remove_all(root_); }

    static void write(const fs::path& p, const std::string& text) {
        std::ofstream(p, std::ios::binary) << text;
    }

    fs::path root_;
    profiles::DeviceProfile profile_ = profiles::load_profile("nk3am-1.3.1");
};

TEST_F(StateDirTest, NewDirectoryMeansAFreshKey) {
    StateDir dir(root_ / "a" / "b");
    EXPECT_TRUE(fs::is_directory(root_ / "a" / "b"));
    EXPECT_FALSE(dir.has_images());
    EXPECT_EQ(dir.fingerprint(), 0u);
}

TEST_F(StateDirTest, SavesOnlyWhenFlashChanged) {
    device::VirtualNk3 key(profile_, 1);
    StateDir dir(root_);
    EXPECT_TRUE(dir.save_if_changed(key));  // never saved
    EXPECT_FALSE(dir.save_if_changed(key));
    EXPECT_EQ(dir.saves(), 1u);
    EXPECT_TRUE(fs::exists(root_ / "internal.img"));
    EXPECT_TRUE(fs::exists(root_ / "external.img"));
    EXPECT_TRUE(fs::is_empty(root_ / ".saving"));  // everything was renamed into place
    key.power_cycle();                             // booting reads; it may also write
    dir.save_if_changed(key);
    EXPECT_FALSE(dir.save_if_changed(key));
}

TEST_F(StateDirTest, ReopenedDirectoryLoadsTheSameFlash) {
    device::VirtualNk3 first(profile_, 1);
    {
        StateDir dir(root_);
        dir.save(first);
    }
    StateDir dir(root_);
    ASSERT_TRUE(dir.has_images());
    EXPECT_NE(dir.fingerprint(), 0u);
    device::VirtualNk3 second(profile_, 2);
    dir.load(second);
    EXPECT_TRUE(second.powered());
    EXPECT_TRUE(second.last_boot().internal_mounted);
    EXPECT_FALSE(second.last_boot().internal_formatted);
    EXPECT_EQ(first.internal().flash().contents(), second.internal().flash().contents());
}

TEST_F(StateDirTest, RefusesWhatIsNotAKeysState) {
    fs::create_directories(root_);
    write(root_ / "file", "x");
    EXPECT_THROW(StateDir(root_ / "file"), StateDirError);

    fs::create_directories(root_ / "half");
    write(root_ / "half" / "external.img", "x");
    try {
        StateDir half(root_ / "half");
        FAIL() << "a directory with one image was accepted";
    } catch (const StateDirError& e) {
        EXPECT_NE(std::string(e.what()).find("internal.img"), std::string::npos) << e.what();
    }

    fs::create_directories(root_ / "junk");
    write(root_ / "junk" / "internal.img", "junk");
    write(root_ / "junk" / "external.img", "junk");
    StateDir junk(root_ / "junk");
    device::VirtualNk3 key(profile_, 1);
    EXPECT_THROW(junk.load(key), StateDirError);
}

}  // namespace
}  // namespace nk3::sim
