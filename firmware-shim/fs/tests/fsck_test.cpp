// fsck: clean, unmountable and damaged images.

#include "fs/fsck.hpp"

#include <gtest/gtest.h>

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

TEST_F(Fsck, CleanImageIsOk) {
    Filesystem::format(dev);
    {
        auto fs = Filesystem::mount(dev);
        fs.mkdir("/d");
        fs.write_file("/d/a", Bytes(5000, 0x11));
        fs.write_file("/b", Bytes(10, 0x22));
    }
    const auto image = f.contents();
    const auto r = fsck(dev);
    EXPECT_TRUE(r.mounted);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(r.summary(), "ok");
    EXPECT_EQ(f.contents(), image);  // read-only
}

TEST_F(Fsck, BlankImageIsNotOk) {
    const auto r = fsck(dev);
    EXPECT_FALSE(r.mounted);
    EXPECT_FALSE(r.ok());
    ASSERT_FALSE(r.errors.empty());
    EXPECT_NE(r.summary(), "ok");
    EXPECT_NE(r.summary().find("superblock"), std::string::npos) << r.summary();
}

TEST_F(Fsck, DamagedDataIsReported) {
    Filesystem::format(dev);
    std::uint32_t block = 0;
    {
        auto fs = Filesystem::mount(dev);
        fs.mkdir("/d");
        fs.write_file("/d/damaged", Bytes(6000, 0x33));
        fs.write_file("/fine", Bytes(6000, 0x44));
        for (const auto& p : fs.pairs())
            for (const auto& [ino, e] : p.state->entries)
                if (e.name == "damaged") block = e.blocks.at(0);
    }
    ASSERT_GE(block, 2u);
    auto img = f.contents();
    img[block * 4096 + 100] ^= 0x80;
    f.set_contents(img);
    const auto r = fsck(dev);
    EXPECT_TRUE(r.mounted);
    EXPECT_FALSE(r.ok());
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].find("/d/damaged"), std::string::npos) << r.errors[0];
    EXPECT_EQ(r.errors[0].find("/fine"), std::string::npos) << r.errors[0];
}

TEST_F(Fsck, SummaryCountsFurtherErrors) {
    FsckReport r;
    r.mounted = true;
    r.errors = {"first", "second", "third"};
    EXPECT_EQ(r.summary(), "first (+2 more)");
    r.errors.clear();
    r.mounted = false;
    EXPECT_EQ(r.summary(), "does not mount");
}

}  // namespace
}  // namespace nk3::fs
