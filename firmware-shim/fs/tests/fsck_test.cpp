// fsck: clean, unmountable and damaged images.

#include "fs/fsck.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flash/nor_flash.hpp"
#include "flash/power_domain.hpp"
#include "fs/filesystem.hpp"
#include "fs/metadata_block.hpp"
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

// An entry appended by hand whose blocks overlap the superblock pair and another file, and
// run past the end of the device: each block is reported once, naming both claimants, in the
// order pairs and entries are walked, then the unreadable file.
TEST_F(Fsck, SharedAndOutsideBlocksAreReported) {
    Filesystem::format(dev);
    std::uint32_t shared = 0;
    {
        auto fs = Filesystem::mount(dev);
        fs.write_file("/a", Bytes(5000, 0x55));
        for (const auto& p : fs.pairs())
            for (const auto& [ino, e] : p.state->entries)
                if (e.name == "a") shared = e.blocks.at(0);
    }
    ASSERT_GE(shared, 2u);
    Bytes block(dev.block_size());
    dev.read(0, 0, block);
    const auto parsed = parse_metadata_block(block, dev.prog_size());
    ASSERT_TRUE(parsed.valid);
    Entry bad;
    bad.ino = 7;
    bad.seq = 100;
    bad.name = "b";
    bad.size = 3 * 4096 - 10;
    bad.inlined = false;
    bad.blocks = {0, shared, 999};
    const std::vector<Record> records{bad};
    dev.prog(0, parsed.end, build_commit(records, std::nullopt, dev.prog_size()));

    const auto r = fsck(dev);
    EXPECT_TRUE(r.mounted);
    const std::string s = std::to_string(shared);
    EXPECT_EQ(r.errors,
              (std::vector<std::string>{
                  "block 0 belongs to both pair {0, 1} and file 'b' (inode 7)",
                  "block " + s + " belongs to both file 'a' (inode 1) and file 'b' (inode 7)",
                  "file 'b' (inode 7) refers to block 999, outside the 12-block device",
                  "file '/b' fails its checksum",
              }));
    EXPECT_TRUE(r.notes.empty());
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
