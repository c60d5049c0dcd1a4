// Flash images (save/load, as `sim serve --state DIR` keeps a key between runs) and whole-device
// snapshots (as the campaign engine restarts trials).

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "test_host.hpp"

namespace nk3::device {
namespace {

using namespace testing;
namespace stdfs = std::filesystem;

class TempDir {
  public:
    TempDir()
        : path_(stdfs::temp_directory_path() /
                ("nk3-device-test-" + std::to_string(::getpid()) + "-" + std::to_string(n_++))) {}
    ~TempDir() {
        std::error_code ec;
        stdfs::remove_all(path_, ec);
    }
    const stdfs::path& path() const { return path_; }

  private:
    static inline int n_ = 0;
    stdfs::path path_;
};

TEST(Images, SaveThenLoadIntoAnotherKeyCarriesItsState) {
    TempDir dir;
    VirtualNk3 a(profile("nk3am-1.3.1"), 1);
    a.internal().fs().write_file("marker", Bytes{7, 7, 7});
    a.save_images(dir.path());
    EXPECT_TRUE(stdfs::exists(dir.path() / "internal.img"));
    EXPECT_TRUE(stdfs::exists(dir.path() / "external.img"));

    VirtualNk3 b(profile("nk3am-1.3.1"), 2);
    EXPECT_FALSE(b.internal().fs().exists("marker"));
    b.load_images(dir.path());
    EXPECT_TRUE(b.powered());
    EXPECT_TRUE(b.last_boot().internal_mounted);
    EXPECT_FALSE(b.last_boot().internal_formatted);
    EXPECT_EQ(b.internal().fs().read_file("marker"), (Bytes{7, 7, 7}));
    EXPECT_EQ(b.internal().flash().contents(), a.internal().flash().contents());
    EXPECT_EQ(b.external().flash().contents(), a.external().flash().contents());
    TestHost host(b);
    EXPECT_TRUE(host.init().has_value());
}

TEST(Images, AnImageOfAnotherGeometryIsRefusedAndChangesNothing) {
    TempDir dir;
    VirtualNk3 lpc(profile("nk3xn"), 1);
    lpc.save_images(dir.path());
    VirtualNk3 mini(profile("nk3am-1.3.1"), 1);
    mini.internal().fs().write_file("mine", Bytes{1});
    const auto before = mini.internal().flash().contents();
    EXPECT_THROW(mini.load_images(dir.path()), std::exception);
    EXPECT_TRUE(mini.powered());
    EXPECT_EQ(mini.internal().flash().contents(), before);
    EXPECT_TRUE(mini.internal().fs().exists("mine"));
    TempDir empty;
    EXPECT_THROW(mini.load_images(empty.path()), std::exception);
    EXPECT_TRUE(mini.powered());
}

TEST(Snapshots, RestoreBringsBackFlashClockAndPower) {
    VirtualNk3 key(profile("nk3am-1.3.1"), 4);
    key.advance(1s);
    const auto snap = key.snapshot();
    const SimTime t = key.now();
    const std::uint64_t index = key.power_domain().next_index();
    const auto contents = key.internal().flash().contents();

    key.internal().fs().write_file("later", Bytes(700, 1));
    key.power_cycle();
    key.cut_after(0, flash::CutMode::before);
    key.restore(snap);
    EXPECT_TRUE(key.powered());
    EXPECT_EQ(key.now(), t);
    EXPECT_EQ(key.power_domain().next_index(), index);
    EXPECT_FALSE(key.power_domain().armed().has_value());
    EXPECT_EQ(key.internal().flash().contents(), contents);
    EXPECT_FALSE(key.internal().fs().exists("later"));  // mounted state restored too
    EXPECT_TRUE(answers_get_info(key));
}

TEST(Snapshots, AnUnpoweredSnapshotRestoresUnpowered) {
    VirtualNk3 key(profile("nk3xn"), 4);
    key.power_off();
    const auto snap = key.snapshot();
    key.power_on();
    key.restore(snap);
    EXPECT_FALSE(key.powered());
    EXPECT_FALSE(key.power_domain().powered());
    key.power_on();
    EXPECT_TRUE(key.last_boot().internal_mounted);
}

}  // namespace
}  // namespace nk3::device
