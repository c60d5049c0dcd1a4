// The migration's backup blob on the external flash's spare: the lfs-backup format (delimiters,
// big-endian length, postcard entries, 256 B padding) and a backup/restore round trip.

#include "storage/efs_backup.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "common/firmware_panic.hpp"
#include "flash/flash_error.hpp"
#include "ftl/page_block_device.hpp"

namespace nk3::storage {
namespace {

using flash::FlashGeometry;
using flash::NorFlash;
using flash::PowerDomain;
using Bytes = std::vector<std::uint8_t>;

TEST(EfsBackup, EntryEncodingIsLengthPrefixedPostcard) {
    const Bytes got = EfsBackup::encode({"/fido/dat/x", false, Bytes{1, 2, 3}});
    Bytes want{0, 0, 0, 20,  // postcard bytes that follow
               12};          // path length with the NUL
    for (char c : std::string("/fido/dat/x"))
        want.push_back(static_cast<std::uint8_t>(c));
    want.push_back(0);
    want.insert(want.end(), {0, 1, 3, 1, 2, 3, 0});  // is_dir, Some(content), attr None
    EXPECT_EQ(got, want);
    EXPECT_EQ(EfsBackup::decode(std::span(got).subspan(4)),
              (BackupEntry{"/fido/dat/x", false, Bytes{1, 2, 3}}));
    const Bytes dir = EfsBackup::encode({"/fido", true, std::nullopt});
    EXPECT_EQ(dir, (Bytes{0, 0, 0, 10, 6, '/', 'f', 'i', 'd', 'o', 0, 1, 0, 0}));
}

TEST(EfsBackup, LongContentUsesMultiByteLengths) {
    const BackupEntry e{"/big", false, Bytes(300, 7)};
    const Bytes got = EfsBackup::encode(e);
    EXPECT_EQ(got[4 + 1 + 5 + 2], 0xAC);  // 300 = 0b10_0101100: LEB128 AC 02
    EXPECT_EQ(got[4 + 1 + 5 + 3], 0x02);
    EXPECT_EQ(EfsBackup::decode(std::span(got).subspan(4)), e);
}

TEST(EfsBackup, OversizedEntriesAndBadBytesAreErrors) {
    EXPECT_THROW(EfsBackup::encode({"/big", false, Bytes(2600, 1)}), BackupError);
    EXPECT_THROW(EfsBackup::encode({std::string(300, 'a'), false, Bytes{}}), BackupError);
    EXPECT_THROW(EfsBackup::decode(Bytes{3, 'a', 'b', 0, 2, 0, 0}), BackupError);  // bool 2
    EXPECT_THROW(EfsBackup::decode(Bytes{2, 'a', 'b', 0, 0, 0}), BackupError);     // no NUL
    EXPECT_THROW(EfsBackup::decode(Bytes{5}), BackupError);                        // short
}

TEST(EfsBackup, SpareIsTheChipsLast128KiB) {
    PowerDomain d;
    NorFlash chip(FlashGeometry::gd25q16(512), d, 1);
    EXPECT_EQ(EfsBackup(chip).spare_offset(), 2u * 1024 * 1024 - 128 * 1024);
    NorFlash small(FlashGeometry::gd25q16(16), d, 1);
    EXPECT_THROW(EfsBackup{small}, flash::FlashError);
}

TEST(EfsBackup, BackupAndRestoreRoundTrip) {
    PowerDomain d;
    NorFlash ext(FlashGeometry::gd25q16(64), d, 1);
    NorFlash src_chip(FlashGeometry::nrf52840_internal(8), d, 0);
    NorFlash dst_chip(FlashGeometry::nrf52840_internal(8), d, 2);
    auto src_dev = ftl::PageBlockDevice(src_chip);
    auto dst_dev = ftl::PageBlockDevice(dst_chip);
    fs::Filesystem::format(src_dev);
    fs::Filesystem src = fs::Filesystem::mount(src_dev);
    src.mkdir("/fido");
    src.mkdir("/fido/dat");
    src.write_file("/fido/dat/state", Bytes(400, 9));
    src.write_file("/top", Bytes{1, 2});
    src.write_file("/empty", Bytes{});

    EfsBackup backend(ext);
    backend.erase();
    EXPECT_EQ(backend.backup(src), 5u);
    // Start delimiter, padded to 256 B.
    Bytes head(256);
    ext.read(backend.spare_offset(), head);
    EXPECT_EQ(std::memcmp(head.data(), "SB||", 4), 0);
    EXPECT_EQ(Bytes(head.begin() + 4, head.end()), Bytes(252, 0));

    fs::Filesystem::format(dst_dev);
    fs::Filesystem dst = fs::Filesystem::mount(dst_dev);
    backend.reset();
    EXPECT_EQ(backend.restore(dst), 5u);
    EXPECT_EQ(dst.tree(), src.tree());
    // Restoring twice fails: the directories exist.
    backend.reset();
    EXPECT_THROW(backend.restore(dst), BackupError);
    backend.erase();
    Bytes spare(128 * 1024);
    ext.read(backend.spare_offset(), spare);
    EXPECT_EQ(spare, Bytes(spare.size(), 0xFF));
}

}  // namespace
}  // namespace nk3::storage
