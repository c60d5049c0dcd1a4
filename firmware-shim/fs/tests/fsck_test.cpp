// fsck on littlefs images: clean, unmountable, and a file whose block list is broken.

#include "fs/fsck.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "flash/nor_flash.hpp"
#include "flash/power_domain.hpp"
#include "fs/filesystem.hpp"
#include "ftl/page_block_device.hpp"

namespace nk3::fs {
namespace {

using flash::FlashGeometry;
using flash::NorFlash;
using flash::PowerDomain;
using Bytes = std::vector<std::uint8_t>;

class Fsck : public ::testing::Test {
  protected:
    Fsck() : f(FlashGeometry::nrf52840_internal(12), d), dev(f) {}
    PowerDomain d;
    NorFlash f;
    ftl::PageBlockDevice dev;
};

TEST_F(Fsck, CleanImageIsOkAndUntouched) {
    Filesystem::format(dev);
    {
        auto fs = Filesystem::mount(dev);
        fs.mkdir("/d");
        fs.write_file("/d/a", Bytes(5000, 0x11));
        fs.write_file("/b", Bytes(10, 0x22));
    }
    const auto image = f.contents();
    const auto report = fsck(dev);
    EXPECT_TRUE(report.ok()) << report.summary();
    EXPECT_EQ(report.summary(), "ok");
    EXPECT_EQ(f.contents(), image);
}

TEST_F(Fsck, BlankImageDoesNotMount) {
    const auto report = fsck(dev);
    EXPECT_FALSE(report.mounted);
    EXPECT_FALSE(report.ok());
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_NE(report.summary().find("mount"), std::string::npos) << report.summary();
}

// A file of several blocks is a backwards skip list (CTZ): erasing its last block leaves
// pointers that read 0xFFFFFFFF, which littlefs refuses (LFS_ERR_CORRUPT). fsck names the file.
TEST_F(Fsck, BrokenBlockListIsReported) {
    Filesystem::format(dev);
    std::vector<std::uint32_t> before;
    {
        auto fs = Filesystem::mount(dev);
        fs.write_file("/small", Bytes(10, 0x22));
        before = fs.used_blocks();
        fs.write_file("/big", Bytes(3 * 4096 + 100, 0x33));
    }
    const auto snap = f.snapshot();
    auto fs = Filesystem::mount(dev);
    bool named = false;
    for (std::uint32_t b : fs.used_blocks()) {
        if (std::find(before.begin(), before.end(), b) != before.end()) continue;
        f.restore(snap);
        dev.erase(b);
        const auto report = fsck(dev);
        if (!report.mounted || report.ok()) continue;
        for (const auto& e : report.errors)
            named |= e.find("file '/big'") != std::string::npos;
    }
    EXPECT_TRUE(named);
}

TEST(FsckReport, SummaryCountsFurtherErrors) {
    FsckReport r;
    r.mounted = true;
    r.errors = {"first", "second", "third"};
    EXPECT_EQ(r.summary(), "first (+2 more)");
}

}  // namespace
}  // namespace nk3::fs
