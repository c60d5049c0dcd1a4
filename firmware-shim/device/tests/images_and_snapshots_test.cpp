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
    // b's boot wiped the journal (every v1.3 boot does); so does a's next one.
    a.power_cycle();
    EXPECT_EQ(b.internal().flash().contents(), a.internal().flash().contents());
    EXPECT_EQ(b.external().flash().contents(), a.external().flash().contents());
    TestHost host(b);
    EXPECT_TRUE(host.init().has_value());
}

TEST(Images, AnImageOfAnotherGeometryIsRefusedAndChangesNothing) {
    TempDir dir;
    VirtualNk3 lpc(profile("nk3xn-1.3.1"), 1);
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
    VirtualNk3 key(profile("nk3xn-1.3.1"), 4);
    key.power_off();
    const auto snap = key.snapshot();
    key.power_on();
    key.restore(snap);
    EXPECT_FALSE(key.powered());
    EXPECT_FALSE(key.power_domain().powered());
    key.power_on();
    EXPECT_TRUE(key.last_boot().internal_mounted);
}

// The digests the campaign engine reuses outcomes by: equal for keys that hold the same bytes
// and random stream, whatever route their pages took; different when a byte, the stream's
// seed or the button differs.
TEST(Digests, EqualStateEqualDigestsAndEveryPartCounts) {
    VirtualNk3 a(profile("nk3am-1.3.1"), 6), b(profile("nk3am-1.3.1"), 6);
    const auto sa = a.snapshot(), sb = b.snapshot();
    ASSERT_FALSE(a.flash_digest(sa).empty());
    EXPECT_EQ(a.flash_digest(sa), b.flash_digest(sb));
    EXPECT_THROW((void)a.unpowered_digest(sa), std::logic_error);  // its RAM would count

    a.power_off();
    b.power_off();
    EXPECT_EQ(a.unpowered_digest(sa), b.unpowered_digest(sb));

    // Copies of every page with the same bytes: the same digests.
    b.internal().flash().set_contents(b.internal().flash().contents());
    EXPECT_EQ(a.unpowered_digest(sa), b.unpowered_digest(sb));
    EXPECT_EQ(a.flash_digest(a.snapshot()), b.flash_digest(b.snapshot()));

    // One byte of flash (a bit cleared on the external chip, as a torn program would).
    auto bytes = b.external().flash().contents();
    bytes[100] = static_cast<std::uint8_t>(bytes[100] & 0x7F);
    b.external().flash().set_contents(bytes);
    EXPECT_NE(a.unpowered_digest(sa), b.unpowered_digest(sb));
    EXPECT_NE(a.flash_digest(a.snapshot()), b.flash_digest(b.snapshot()));
    a.restore(sa);  // both: a restore boots the authenticator, which draws from the stream
    b.restore(sb);
    a.power_off();
    b.power_off();
    EXPECT_EQ(a.unpowered_digest(sa), b.unpowered_digest(sb));

    // The button the simulated finger presses with.
    ButtonConfig refuse;
    refuse.mode = ButtonConfig::Mode::refuse;
    b.set_button(refuse);
    EXPECT_NE(a.unpowered_digest(sa), b.unpowered_digest(sb));

    // Another seed: another random stream (and other credentials' keys).
    VirtualNk3 c(profile("nk3am-1.3.1"), 7);
    const auto sc = c.snapshot();
    c.power_off();
    EXPECT_NE(a.unpowered_digest(sa), c.unpowered_digest(sc));
}

TEST(Digests, TheRandomStreamCounts) {
    // Restoring a snapshot boots the authenticator, which draws its key agreement key from the
    // random stream: b ends with a's bytes on both chips but further along its stream.
    VirtualNk3 a(profile("nk3xn-1.3.1"), 2), b(profile("nk3xn-1.3.1"), 2);
    const auto sa = a.snapshot(), sb = b.snapshot();
    b.restore(sb);
    a.power_off();
    b.power_off();
    EXPECT_EQ(a.internal().flash().contents(), b.internal().flash().contents());
    EXPECT_EQ(a.external().flash().contents(), b.external().flash().contents());
    EXPECT_NE(a.unpowered_digest(sa), b.unpowered_digest(sb));
}

}  // namespace
}  // namespace nk3::device
