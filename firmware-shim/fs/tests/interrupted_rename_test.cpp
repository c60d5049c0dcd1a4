// A rename that replaces a target in another metadata pair takes two commits. A cut between
// them leaves two entries with the target's name: the newer must win from the first mount on,
// fsck must call it a note (not an error), and a repairing mount must drop the older one.

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "flash/flash_error.hpp"
#include "flash/nor_flash.hpp"
#include "fs/filesystem.hpp"
#include "fs/fsck.hpp"
#include "ftl/page_block_device.hpp"

namespace nk3::fs {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes bytes(std::size_t n, std::uint8_t v) {
    return Bytes(n, v);
}

// Which pair (index in the chain) holds the entry named `name` in the root directory.
std::size_t pair_of(const Filesystem& fs, const std::string& name) {
    const auto views = fs.pairs();
    for (std::size_t i = 0; i < views.size(); ++i)
        for (const auto& [ino, e] : views[i].state->entries)
            if (e.name == name && e.parent == kRootIno) return i;
    return views.size();
}

TEST(InterruptedRename, NewerEntryWinsThenRepairDropsTheOlder) {
    flash::PowerDomain domain;
    flash::NorFlash chip(flash::FlashGeometry::nrf52840_internal(20), domain);
    ftl::PageBlockDevice device(chip);
    Filesystem::format(device);
    auto fs = Filesystem::mount(device);
    // Inline files of 600 B: a 4 KiB pair holds a handful, so these spread over several pairs.
    for (int i = 0; i < 16; ++i)
        fs.write_file("/f" + std::to_string(i), bytes(600, i));
    ASSERT_GT(fs.metadata_pairs(), 2u);
    std::string src, dst;
    for (int i = 0; i < 16 && dst.empty(); ++i)
        for (int j = 0; j < 16; ++j) {
            const auto a = "/f" + std::to_string(i), b = "/f" + std::to_string(j);
            if (pair_of(fs, a.substr(1)) != pair_of(fs, b.substr(1))) {
                src = a, dst = b;
                break;
            }
        }
    ASSERT_FALSE(dst.empty());
    const Bytes src_content = fs.read_file(src);

    // Dry run to learn the rename's flash operations, then the same rename cut before the
    // first operation of its second commit (the one that removes the old target).
    const auto snap = chip.snapshot();
    const auto power = domain.state();
    domain.set_recording(true);
    fs.rename(src, dst);
    domain.set_recording(false);
    const auto ops = domain.log();
    ASSERT_GE(ops.size(), 2u);
    chip.restore(snap);
    domain.restore(power);
    domain.clear_log();
    auto before_cut = Filesystem::mount(device);
    // Both commits are single appends on this layout; the second is the last operation.
    domain.arm_cut({ops.back().index, flash::CutMode::before, 1});
    EXPECT_THROW(before_cut.rename(src, dst), flash::PowerLoss);
    domain.power_on();

    const auto report = fsck(device);
    EXPECT_TRUE(report.ok()) << report.summary();
    bool noted = false;
    for (const auto& n : report.notes)
        noted |= n.find("interrupted rename") != std::string::npos;
    EXPECT_TRUE(noted) << "fsck should note the two entries named " << dst;

    auto read_only = Filesystem::mount(device, {}, MountOptions{.repair = false});
    EXPECT_FALSE(read_only.exists(src));
    EXPECT_EQ(read_only.read_file(dst), src_content);

    auto repaired = Filesystem::mount(device);
    EXPECT_FALSE(repaired.mount_notes().empty());
    EXPECT_EQ(repaired.read_file(dst), src_content);
    EXPECT_FALSE(repaired.exists(src));
    const auto after = fsck(device);
    EXPECT_TRUE(after.ok()) << after.summary();
    EXPECT_TRUE(after.notes.empty()) << after.notes.front();
    // The names left are exactly the fifteen files minus the renamed source.
    std::set<std::string> names;
    for (const auto& e : repaired.list("/"))
        names.insert(e.name);
    EXPECT_EQ(names.size(), 15u);
}

}  // namespace
}  // namespace nk3::fs
