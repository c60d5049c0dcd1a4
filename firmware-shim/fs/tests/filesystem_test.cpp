// nk3fs API behaviour over ftl none (4 KiB blocks) and ftl rmw (256 B blocks, every commit a
// compaction): content round trips, directories, renames, errors, space, persistence,
// corruption and use after a power loss.

#include "fs/filesystem.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "flash/flash_error.hpp"
#include "flash/nor_flash.hpp"
#include "flash/power_domain.hpp"
#include "fs/fsck.hpp"
#include "ftl/page_block_device.hpp"
#include "ftl/rmw_ftl.hpp"

namespace nk3::fs {
namespace {

using flash::CutMode;
using flash::FlashGeometry;
using flash::NorFlash;
using flash::PowerDomain;
using flash::PowerLoss;
using Bytes = std::vector<std::uint8_t>;

Bytes content(std::size_t n, std::uint8_t seed) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i)
        b[i] = static_cast<std::uint8_t>(seed * 101 + i * 13 + (i >> 8));
    return b;
}

template <typename F>
void expect_errc(FsErrc code, F&& f, const char* what) {
    try {
        f();
        ADD_FAILURE() << what << ": no FsError, expected " << to_string(code);
    } catch (const FsError& e) {
        EXPECT_EQ(e.code(), code) << what << ": " << e.what();
    }
}
#define EXPECT_FS_ERR(code, stmt) \
    expect_errc(                  \
        FsErrc::code, [&] { stmt; }, #stmt)

struct Setup {
    const char* name;
    bool rmw;
};

class FsTest : public ::testing::TestWithParam<Setup> {
  protected:
    FsTest() : f(FlashGeometry::nrf52840_internal(20), d) {}

    void SetUp() override {
        if (GetParam().rmw) {
            dev = std::make_unique<ftl::RmwFtl>(f, 256);
            cfg = FsConfig{.prog_size = 256};
        } else {
            dev = std::make_unique<ftl::PageBlockDevice>(f);
            cfg = FsConfig{};
        }
        Filesystem::format(*dev, cfg);
        remount();
    }
    void remount() {
        fs.reset();
        fs.emplace(Filesystem::mount(*dev, cfg));
    }
    std::uint32_t bs() const { return dev->block_size(); }
    const Entry& entry_named(const std::string& name) const {
        for (const auto& p : fs->pairs())
            for (const auto& [ino, e] : p.state->entries)
                if (e.name == name) return e;
        throw std::runtime_error("no entry " + name);
    }

    PowerDomain d;
    NorFlash f;
    std::unique_ptr<ftl::BlockDevice> dev;
    FsConfig cfg;
    std::optional<Filesystem> fs;
};

TEST_P(FsTest, FreshFilesystemIsEmpty) {
    EXPECT_TRUE(fs->list("/").empty());
    EXPECT_TRUE(fs->exists("/"));
    EXPECT_EQ(fs->stat("/").kind, EntryKind::dir);
    EXPECT_EQ(fs->metadata_pairs(), 1u);
    EXPECT_EQ(fs->block_count(), dev->block_count());
    EXPECT_EQ(fs->free_blocks(), dev->block_count() - 2);
    EXPECT_TRUE(fs->tree().nodes.empty());
}

TEST_P(FsTest, WriteReadRoundTrip) {
    const Bytes empty;
    const Bytes small = content(10, 1);
    const Bytes multi = content(bs() * 2 + bs() / 2 + 4, 2);
    fs->write_file("/empty", empty);
    fs->write_file("/small", small);
    fs->write_file("/multi", multi);
    EXPECT_EQ(fs->read_file("/empty"), empty);
    EXPECT_EQ(fs->read_file("/small"), small);
    EXPECT_EQ(fs->read_file("/multi"), multi);
    EXPECT_TRUE(entry_named("small").inlined);
    EXPECT_FALSE(entry_named("multi").inlined);
    EXPECT_EQ(entry_named("multi").blocks.size(), 3u);
    EXPECT_EQ(fs->stat("/multi").size, multi.size());
    EXPECT_EQ(fs->stat("/empty").size, 0u);
    EXPECT_EQ(fs->stat("/small").kind, EntryKind::file);
    remount();
    EXPECT_EQ(fs->read_file("/empty"), empty);
    EXPECT_EQ(fs->read_file("/small"), small);
    EXPECT_EQ(fs->read_file("/multi"), multi);
}

TEST_P(FsTest, PathsWithoutLeadingSlashOrWithDoubleSlashes) {
    fs->mkdir("d");
    fs->write_file("d//x", content(5, 3));
    EXPECT_EQ(fs->read_file("/d/x"), content(5, 3));
    EXPECT_TRUE(fs->exists("/d/x/"));
}

TEST_P(FsTest, OverwriteReplaces) {
    fs->write_file("/f", content(bs() * 3, 1));
    const auto free_big = fs->free_blocks();
    fs->write_file("/f", content(7, 2));
    EXPECT_EQ(fs->read_file("/f"), content(7, 2));
    EXPECT_EQ(fs->stat("/f").size, 7u);
    EXPECT_EQ(fs->free_blocks(), free_big + 3);  // the old blocks are free again
    fs->write_file("/f", content(bs() + 1, 3));
    EXPECT_EQ(fs->read_file("/f"), content(bs() + 1, 3));
    EXPECT_EQ(fs->list("/").size(), 1u);
    remount();
    EXPECT_EQ(fs->read_file("/f"), content(bs() + 1, 3));
}

TEST_P(FsTest, DirectoriesListStatExists) {
    fs->mkdir("/a");
    fs->mkdir("/a/b");
    fs->mkdir("/a/b/c");
    fs->write_file("/a/b/c/deep", content(3, 1));
    fs->write_file("/a/file", content(bs() + 5, 2));
    fs->write_file("/top", content(1, 3));
    EXPECT_TRUE(fs->exists("/a/b/c/deep"));
    EXPECT_FALSE(fs->exists("/a/b/c/shallow"));
    EXPECT_FALSE(fs->exists("/nope/x"));
    EXPECT_EQ(fs->stat("/a/b").kind, EntryKind::dir);
    EXPECT_EQ(fs->stat("/a/b").size, 0u);

    const auto root = fs->list("/");
    ASSERT_EQ(root.size(), 2u);
    EXPECT_EQ(root[0].name, "a");
    EXPECT_EQ(root[0].kind, EntryKind::dir);
    EXPECT_EQ(root[1].name, "top");
    EXPECT_EQ(root[1].kind, EntryKind::file);
    EXPECT_EQ(root[1].size, 1u);
    const auto a = fs->list("/a");
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a[0].name, "b");
    EXPECT_EQ(a[1].name, "file");
    EXPECT_EQ(a[1].size, bs() + 5);
    EXPECT_TRUE(fs->list("/a/b/c/").size() == 1);

    const auto t = fs->tree();
    EXPECT_EQ(t.nodes.size(), 6u);
    EXPECT_EQ(t.nodes.at("/a/b/c"), std::nullopt);
    EXPECT_EQ(t.nodes.at("/a/b/c/deep"), content(3, 1));
    EXPECT_TRUE(t.corrupt.empty());
    remount();
    EXPECT_EQ(fs->tree(), t);
}

TEST_P(FsTest, RemoveFileAndEmptyDir) {
    fs->mkdir("/d");
    fs->write_file("/d/f", content(bs() * 2, 1));
    EXPECT_FS_ERR(not_empty, fs->remove("/d"));
    fs->remove("/d/f");
    EXPECT_FALSE(fs->exists("/d/f"));
    EXPECT_FS_ERR(not_found, fs->read_file("/d/f"));
    fs->remove("/d");
    EXPECT_FALSE(fs->exists("/d"));
    EXPECT_FS_ERR(not_found, fs->remove("/d"));
    remount();
    EXPECT_TRUE(fs->list("/").empty());
}

TEST_P(FsTest, FreeBlocksFollowWritesAndRemoves) {
    const auto free0 = fs->free_blocks();
    fs->write_file("/small", content(8, 1));  // inline: no data block
    EXPECT_EQ(fs->free_blocks(), free0);
    fs->write_file("/big", content(bs() * 4, 2));
    EXPECT_EQ(fs->free_blocks(), free0 - 4);
    remount();
    EXPECT_EQ(fs->free_blocks(), free0 - 4);
    fs->remove("/big");
    EXPECT_EQ(fs->free_blocks(), free0);
    remount();
    EXPECT_EQ(fs->free_blocks(), free0);
}

TEST_P(FsTest, RenameFile) {
    fs->write_file("/a", content(bs() + 3, 1));
    fs->mkdir("/d");
    fs->rename("/a", "/d/b");
    EXPECT_FALSE(fs->exists("/a"));
    EXPECT_EQ(fs->read_file("/d/b"), content(bs() + 3, 1));
    fs->rename("/d/b", "/d/b");  // no-op
    EXPECT_EQ(fs->read_file("/d/b"), content(bs() + 3, 1));
    remount();
    EXPECT_FALSE(fs->exists("/a"));
    EXPECT_EQ(fs->read_file("/d/b"), content(bs() + 3, 1));
}

TEST_P(FsTest, RenameDirectoryWithChildren) {
    fs->mkdir("/d");
    fs->mkdir("/d/sub");
    fs->write_file("/d/sub/f", content(20, 1));
    fs->write_file("/d/g", content(bs() * 2, 2));
    fs->mkdir("/other");
    fs->rename("/d", "/other/moved");
    EXPECT_FALSE(fs->exists("/d"));
    EXPECT_EQ(fs->read_file("/other/moved/sub/f"), content(20, 1));
    EXPECT_EQ(fs->read_file("/other/moved/g"), content(bs() * 2, 2));
    remount();
    EXPECT_EQ(fs->read_file("/other/moved/sub/f"), content(20, 1));
    EXPECT_EQ(fs->list("/other/moved").size(), 2u);
}

TEST_P(FsTest, RenameReplacesExistingFile) {
    fs->write_file("/src", content(bs() * 2, 1));
    fs->write_file("/dst", content(bs() * 3, 2));
    const auto free_before = fs->free_blocks();
    fs->rename("/src", "/dst");
    EXPECT_FALSE(fs->exists("/src"));
    EXPECT_EQ(fs->read_file("/dst"), content(bs() * 2, 1));
    EXPECT_EQ(fs->list("/").size(), 1u);
    EXPECT_EQ(fs->free_blocks(), free_before + 3);
    remount();
    EXPECT_EQ(fs->read_file("/dst"), content(bs() * 2, 1));
    EXPECT_EQ(fs->list("/").size(), 1u);
}

TEST_P(FsTest, RenameReplacesEmptyDirectoryOnly) {
    fs->mkdir("/a");
    fs->write_file("/a/x", content(4, 1));
    fs->mkdir("/empty");
    fs->mkdir("/full");
    fs->write_file("/full/y", content(4, 2));
    EXPECT_FS_ERR(not_empty, fs->rename("/a", "/full"));
    fs->rename("/a", "/empty");
    EXPECT_EQ(fs->read_file("/empty/x"), content(4, 1));
    EXPECT_FALSE(fs->exists("/a"));
}

TEST_P(FsTest, RenameErrors) {
    fs->mkdir("/d");
    fs->mkdir("/d/e");
    fs->write_file("/f", content(4, 1));
    EXPECT_FS_ERR(invalid, fs->rename("/d", "/d/e/inside"));
    EXPECT_FS_ERR(invalid, fs->rename("/d", "/d/inside"));
    EXPECT_FS_ERR(is_dir, fs->rename("/f", "/d"));
    EXPECT_FS_ERR(not_dir, fs->rename("/d", "/f"));
    EXPECT_FS_ERR(not_found, fs->rename("/missing", "/x"));
    EXPECT_FS_ERR(not_found, fs->rename("/f", "/missing/x"));
    EXPECT_FS_ERR(invalid, fs->rename("/", "/x"));
    // Nothing moved.
    EXPECT_TRUE(fs->exists("/d/e"));
    EXPECT_EQ(fs->read_file("/f"), content(4, 1));
}

TEST_P(FsTest, PathErrors) {
    fs->write_file("/file", content(4, 1));
    fs->mkdir("/dir");
    EXPECT_FS_ERR(not_found, fs->read_file("/missing"));
    EXPECT_FS_ERR(not_found, fs->stat("/missing"));
    EXPECT_FS_ERR(not_found, fs->list("/missing"));
    EXPECT_FS_ERR(not_found, fs->write_file("/missing/x", content(1, 1)));
    EXPECT_FS_ERR(not_dir, fs->read_file("/file/x"));
    EXPECT_FS_ERR(not_dir, fs->write_file("/file/x", content(1, 1)));
    EXPECT_FS_ERR(not_dir, fs->mkdir("/file/x"));
    EXPECT_FS_ERR(not_dir, fs->list("/file"));
    const std::string longest(cfg.name_max, 'n');
    fs->write_file("/" + longest, content(1, 1));
    EXPECT_TRUE(fs->exists("/" + longest));
    EXPECT_FS_ERR(name_too_long, fs->write_file("/" + longest + "x", content(1, 1)));
    EXPECT_FS_ERR(name_too_long, fs->mkdir("/dir/" + longest + "x"));
    EXPECT_FS_ERR(name_too_long, fs->read_file("/" + longest + "x"));
    EXPECT_FS_ERR(invalid, fs->write_file("/dir/./x", content(1, 1)));
    EXPECT_FS_ERR(invalid, fs->write_file("/dir/../x", content(1, 1)));
    EXPECT_FS_ERR(invalid, fs->mkdir("/.."));
    EXPECT_FS_ERR(invalid, fs->read_file("/."));
    EXPECT_FS_ERR(invalid, fs->write_file("/", content(1, 1)));
    EXPECT_FS_ERR(invalid, fs->write_file("", content(1, 1)));
    EXPECT_FS_ERR(invalid, fs->mkdir("/"));
    EXPECT_FS_ERR(invalid, fs->remove("/"));
    EXPECT_FS_ERR(exists, fs->mkdir("/dir"));
    EXPECT_FS_ERR(exists, fs->mkdir("/file"));
    EXPECT_FS_ERR(is_dir, fs->read_file("/dir"));
    EXPECT_FS_ERR(is_dir, fs->write_file("/dir", content(1, 1)));
    // The failed calls left the filesystem usable and unchanged.
    EXPECT_EQ(fs->list("/").size(), 3u);
    remount();
    EXPECT_EQ(fs->list("/").size(), 3u);
}

TEST_P(FsTest, FileTooLarge) {
    const auto max = fs->max_file_size();
    ASSERT_GT(max, bs());
    const auto free0 = fs->free_blocks();
    EXPECT_FS_ERR(file_too_large, fs->write_file("/huge", Bytes(max + 1, 0x55)));
    EXPECT_FALSE(fs->exists("/huge"));
    EXPECT_EQ(fs->free_blocks(), free0);
    fs->write_file("/ok", content(10, 1));
}

TEST_P(FsTest, FillTheDiskThenRecover) {
    std::vector<std::pair<std::string, Bytes>> written;
    const std::uint32_t chunk = std::min<std::uint32_t>(fs->max_file_size(), bs() * 3);
    bool full = false;
    for (int i = 0; i < 10000 && !full; ++i) {
        const std::string name = "/big" + std::to_string(i);
        const Bytes data = content(chunk, static_cast<std::uint8_t>(i));
        try {
            fs->write_file(name, data);
            written.emplace_back(name, data);
        } catch (const FsError& e) {
            ASSERT_EQ(e.code(), FsErrc::no_space) << e.what();
            full = true;
        }
    }
    ASSERT_TRUE(full);
    ASSERT_GT(written.size(), 2u);
    // Top up with single blocks until that fails too.
    for (int i = 0; i < 10000; ++i) {
        const std::string name = "/one" + std::to_string(i);
        const Bytes data = content(bs(), static_cast<std::uint8_t>(i + 7));
        try {
            fs->write_file(name, data);
            written.emplace_back(name, data);
        } catch (const FsError& e) {
            ASSERT_EQ(e.code(), FsErrc::no_space) << e.what();
            break;
        }
    }
    EXPECT_LE(fs->free_blocks(), 1u);
    // Still usable without a remount.
    EXPECT_EQ(fs->read_file(written.front().first), written.front().second);

    remount();
    const auto report = fsck(*dev, cfg);
    EXPECT_TRUE(report.ok()) << report.summary();
    for (const auto& [name, data] : written)
        EXPECT_EQ(fs->read_file(name), data) << name;
    EXPECT_EQ(fs->list("/").size(), written.size());

    // Deleting two files makes room for one of the same size (data blocks plus, should the last
    // metadata pair have to split, a new pair).
    fs->remove(written[0].first);
    fs->remove(written[1].first);
    const Bytes after = content(chunk, 99);
    fs->write_file("/after", after);
    EXPECT_EQ(fs->read_file("/after"), after);
    remount();
    EXPECT_EQ(fs->read_file("/after"), after);
    EXPECT_TRUE(fsck(*dev, cfg).ok());
}

// Once the disk is full, deleting a file of N blocks should make room for another file of N
// blocks.
TEST_P(FsTest, FullDiskDeleteThenWriteSameSize) {
    const std::uint32_t chunk = bs() * 3;
    std::vector<std::string> names;
    for (int i = 0; i < 10000; ++i) {
        const std::string name = "/big" + std::to_string(i);
        try {
            fs->write_file(name, content(chunk, static_cast<std::uint8_t>(i)));
            names.push_back(name);
        } catch (const FsError& e) {
            ASSERT_EQ(e.code(), FsErrc::no_space) << e.what();
            break;
        }
    }
    ASSERT_GT(names.size(), 2u);
    fs->remove(names.front());
    EXPECT_NO_THROW(fs->write_file("/again", content(chunk, 200)));
    EXPECT_TRUE(fsck(*dev, cfg).ok());
}

TEST_P(FsTest, ManyFilesSplitMetadataAndSurviveRemount) {
    const int n = 80;
    for (int i = 0; i < n; ++i)
        fs->write_file("/file-number-" + std::to_string(i),
                       content(20, static_cast<std::uint8_t>(i)));
    fs->mkdir("/dir");
    fs->write_file("/dir/last", content(bs() + 1, 1));
    EXPECT_GT(fs->metadata_pairs(), 1u);
    const auto pairs = fs->metadata_pairs();
    const auto t = fs->tree();
    remount();
    EXPECT_EQ(fs->metadata_pairs(), pairs);
    EXPECT_EQ(fs->tree(), t);
    for (int i = 0; i < n; ++i)
        EXPECT_EQ(fs->read_file("/file-number-" + std::to_string(i)),
                  content(20, static_cast<std::uint8_t>(i)));
    // Entries in later pairs can be overwritten, renamed and removed.
    fs->write_file("/file-number-79", content(bs() * 2, 5));
    fs->rename("/file-number-0", "/dir/first");
    fs->rename("/file-number-1", "/file-number-78");
    fs->remove("/file-number-40");
    remount();
    EXPECT_EQ(fs->read_file("/file-number-79"), content(bs() * 2, 5));
    EXPECT_EQ(fs->read_file("/dir/first"), content(20, 0));
    EXPECT_EQ(fs->read_file("/file-number-78"), content(20, 1));
    EXPECT_FALSE(fs->exists("/file-number-1"));
    EXPECT_FALSE(fs->exists("/file-number-40"));
    EXPECT_EQ(fs->list("/").size(), static_cast<std::size_t>(n - 3 + 1));
    EXPECT_TRUE(fsck(*dev, cfg).ok());
}

// Commits update the index in place; splits, errors and mounts rebuild it. After
// every step of a random mix of operations (some failing), and in a copy taken halfway (a
// snapshot), the index must equal a full rebuild.
TEST_P(FsTest, IndexKeptInPlaceEqualsFullRebuild) {
    std::mt19937 rng(7);
    const std::vector<std::string> names{"/a", "/b", "/c", "/d", "/d/a", "/d/b", "/d/e", "/d/e/a"};
    auto pick = [&] { return names[rng() % names.size()]; };
    std::optional<Filesystem> copy;
    for (int step = 0; step < 600; ++step) {
        const auto op = rng() % 10;
        const auto path = pick();
        try {
            if (op < 4) {
                const std::size_t size = rng() % 3 == 0 ? bs() + rng() % (2 * bs()) : rng() % 200;
                fs->write_file(path, content(size, static_cast<std::uint8_t>(step)));
            } else if (op < 5) {
                fs->mkdir(path);
            } else if (op < 7) {
                fs->remove(path);
            } else {
                fs->rename(path, pick());
            }
        } catch (const FsError&) {
        }
        ASSERT_TRUE(fs->index_matches_rebuild()) << "step " << step;
        if (step == 300) copy.emplace(*fs);
        if (step % 97 == 0) {
            const auto t = fs->tree();
            remount();
            ASSERT_TRUE(fs->index_matches_rebuild()) << "remount at step " << step;
            ASSERT_EQ(fs->tree(), t);
        }
    }
    ASSERT_TRUE(copy->index_matches_rebuild());
    EXPECT_TRUE(fsck(*dev, cfg).ok());
}

TEST_P(FsTest, ErasedSuperblockPairDoesNotMount) {
    fs->write_file("/f", content(10, 1));
    fs.reset();
    dev->erase(0);
    dev->erase(1);
    try {
        Filesystem::mount(*dev, cfg);
        ADD_FAILURE() << "mount succeeded";
    } catch (const FsError& e) {
        EXPECT_EQ(e.code(), FsErrc::corrupt);
        EXPECT_NE(std::string(e.what()).find("superblock"), std::string::npos) << e.what();
    }
}

TEST_P(FsTest, MountWithOtherConfigurationFails) {
    FsConfig other = cfg;
    other.name_max = 20;
    EXPECT_FS_ERR(corrupt, Filesystem::mount(*dev, other));
    ftl::RmwFtl half(f, 512);
    EXPECT_FS_ERR(corrupt, Filesystem::mount(half, FsConfig{.prog_size = 512}));
}

TEST_P(FsTest, FlippedDataBitIsReportedCorrupt) {
    fs->write_file("/victim", content(bs() * 2, 1));
    fs->write_file("/bystander", content(bs() * 2, 2));
    const auto block = entry_named("victim").blocks.at(1);
    auto img = f.contents();
    img[block * bs() + 17] ^= 0x04;  // both layers map block b to chip bytes [b*bs, (b+1)*bs)
    f.set_contents(img);
    EXPECT_FS_ERR(corrupt, fs->read_file("/victim"));
    EXPECT_EQ(fs->read_file("/bystander"), content(bs() * 2, 2));
    const auto t = fs->tree();
    EXPECT_EQ(t.corrupt, std::vector<std::string>{"/victim"});
    const auto report = fsck(*dev, cfg);
    EXPECT_TRUE(report.mounted);
    EXPECT_FALSE(report.ok());
    ASSERT_FALSE(report.errors.empty());
    EXPECT_NE(report.summary().find("/victim"), std::string::npos) << report.summary();
    // Overwriting the damaged file heals it.
    fs->write_file("/victim", content(5, 3));
    EXPECT_TRUE(fsck(*dev, cfg).ok());
}

TEST_P(FsTest, UseAfterPowerLossThrowsNotMounted) {
    fs->write_file("/keep", content(bs() + 2, 1));
    d.arm_cut({.op_index = d.next_index(), .mode = CutMode::before, .seed = 0});
    EXPECT_THROW(fs->write_file("/new", content(bs() + 2, 2)), PowerLoss);
    d.power_on();
    EXPECT_FS_ERR(not_mounted, fs->read_file("/keep"));
    EXPECT_FS_ERR(not_mounted, fs->exists("/keep"));
    EXPECT_FS_ERR(not_mounted, fs->list("/"));
    EXPECT_FS_ERR(not_mounted, fs->write_file("/x", content(1, 1)));
    EXPECT_FS_ERR(not_mounted, fs->mkdir("/y"));
    remount();
    EXPECT_EQ(fs->read_file("/keep"), content(bs() + 2, 1));
    EXPECT_FALSE(fs->exists("/new"));
}

// Every cut point of one overwrite. On raw NOR pages the file is always whole, old or new, and
// the image checks out. The rmw layer loses a page's neighbours by design (the pre-1.3.1 NK3A
// mini), so there at least one cut point must break the filesystem.
TEST_P(FsTest, CutInsideOverwrite) {
    const Bytes old_data = content(bs() + 10, 1), new_data = content(bs() * 2 + 3, 2);
    fs->write_file("/f", old_data);
    const auto snap = f.snapshot();
    const auto state = d.state();
    d.set_recording(true);
    d.clear_log();
    fs->write_file("/f", new_data);
    d.set_recording(false);
    const auto ops = d.log().size();
    ASSERT_GT(ops, 2u);
    int broken = 0;
    for (std::size_t k = 0; k < ops; ++k) {
        for (auto mode : {CutMode::torn, CutMode::after}) {
            f.restore(snap);
            d.restore(state);
            remount();
            d.arm_cut({.op_index = d.next_index() + k, .mode = mode, .seed = k});
            EXPECT_THROW(fs->write_file("/f", new_data), PowerLoss);
            d.power_on();
            bool ok = false;
            try {
                remount();
                const auto got = fs->read_file("/f");
                ok = (got == old_data || got == new_data) && fsck(*dev, cfg).ok();
            } catch (const FsError&) {
            }
            if (!GetParam().rmw) {
                EXPECT_TRUE(ok) << "op " << k << " " << to_string(mode);
            }
            broken += !ok;
        }
    }
    if (GetParam().rmw) {
        EXPECT_GT(broken, 0);
    }
}

INSTANTIATE_TEST_SUITE_P(Layers, FsTest,
                         ::testing::Values(Setup{"ftl_none", false},
                                           Setup{"ftl_rmw_prog256", true}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(FsConfigCheck, BadProgSizeIsInvalid) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(8), d);
    ftl::PageBlockDevice dev(f);
    EXPECT_FS_ERR(invalid, Filesystem::format(dev, FsConfig{.prog_size = 6}));
    EXPECT_FS_ERR(invalid, Filesystem::format(dev, FsConfig{.prog_size = 8192}));
    NorFlash tiny(FlashGeometry::nrf52840_internal(3), d);
    ftl::PageBlockDevice tiny_dev(tiny);
    EXPECT_FS_ERR(invalid, Filesystem::format(tiny_dev));
}

TEST(FsErrcNames, AllHaveText) {
    for (auto c : {FsErrc::not_found, FsErrc::exists, FsErrc::not_dir, FsErrc::is_dir,
                   FsErrc::not_empty, FsErrc::name_too_long, FsErrc::invalid, FsErrc::no_space,
                   FsErrc::file_too_large, FsErrc::corrupt, FsErrc::not_mounted})
        EXPECT_NE(to_string(c), "?");
}

}  // namespace
}  // namespace nk3::fs
