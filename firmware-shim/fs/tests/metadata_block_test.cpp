// Metadata block log format: records, commits, CRC checking, replay order, revisions.

#include "fs/metadata_block.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "fs/records.hpp"

namespace nk3::fs {
namespace {

using Bytes = std::vector<std::uint8_t>;

Entry file_entry(std::uint16_t ino, std::string name, Bytes data) {
    Entry e;
    e.ino = ino;
    e.parent = kRootIno;
    e.seq = ino * 10u;
    e.kind = EntryKind::file;
    e.name = std::move(name);
    e.size = static_cast<std::uint32_t>(data.size());
    e.crc = crc32_of(data);
    e.inlined = true;
    e.data = std::move(data);
    return e;
}

Superblock superblock() {
    return Superblock{
        .version = kVersion, .block_size = 256, .block_count = 64, .prog_size = 16, .name_max = 48};
}

// A 256-byte block holding `commits` one after the other, the rest erased.
Bytes block_with(const std::vector<Bytes>& commits) {
    Bytes block;
    for (const auto& c : commits)
        block.insert(block.end(), c.begin(), c.end());
    EXPECT_LE(block.size(), 256u);
    block.resize(256, 0xFF);
    return block;
}

TEST(Records, EncodeDecodeRoundTrip) {
    Entry blocks;
    blocks.ino = 7;
    blocks.parent = 3;
    blocks.seq = 0x01020304;
    blocks.kind = EntryKind::file;
    blocks.name = "key";
    blocks.size = 600;
    blocks.crc = 0xDEADBEEF;
    blocks.inlined = false;
    blocks.blocks = {5, 9, 1000};
    Entry dir;
    dir.ino = 2;
    dir.kind = EntryKind::dir;
    dir.name = "rk";
    const std::vector<Record> records{
        superblock(), Tail{PairAddr{4, 5}}, Tail{}, file_entry(1, "inline", {1, 2, 3}), blocks, dir,
        Remove{9}};
    for (const auto& r : records) {
        Bytes out;
        encode(r, out);
        ASSERT_GE(out.size(), kRecordHeader);
        EXPECT_EQ(out.size(), encoded_size(r));
        const std::size_t len = out[1] | (out[2] << 8);
        EXPECT_EQ(len, out.size() - kRecordHeader);
        const auto back = decode(out[0], std::span(out).subspan(kRecordHeader));
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(back->index(), r.index());
        if (const auto* e = std::get_if<Entry>(&r)) {
            const auto& b = std::get<Entry>(*back);
            EXPECT_EQ(b.ino, e->ino);
            EXPECT_EQ(b.parent, e->parent);
            EXPECT_EQ(b.seq, e->seq);
            EXPECT_EQ(b.kind, e->kind);
            EXPECT_EQ(b.name, e->name);
            EXPECT_EQ(b.size, e->size);
            EXPECT_EQ(b.crc, e->crc);
            EXPECT_EQ(b.inlined, e->inlined);
            EXPECT_EQ(b.data, e->data);
            EXPECT_EQ(b.blocks, e->blocks);
        } else if (const auto* s = std::get_if<Superblock>(&r)) {
            EXPECT_EQ(std::get<Superblock>(*back), *s);
        } else if (const auto* t = std::get_if<Tail>(&r)) {
            EXPECT_EQ(std::get<Tail>(*back).next, t->next);
        } else {
            EXPECT_EQ(std::get<Remove>(*back).ino, std::get<Remove>(r).ino);
        }
    }
}

TEST(Records, DecodeRejectsMalformedPayloads) {
    Bytes out;
    encode(file_entry(1, "x", {1, 2}), out);
    const auto payload = std::span(out).subspan(kRecordHeader);
    EXPECT_FALSE(
        decode(static_cast<std::uint8_t>(RecordType::entry), payload.first(payload.size() - 1)));
    EXPECT_FALSE(decode(0x42, payload));
    Bytes root;
    Entry e = file_entry(1, "x", {});
    e.ino = kRootIno;
    encode(e, root);
    EXPECT_FALSE(decode(root[0], std::span(root).subspan(kRecordHeader)));
    Bytes sb;
    encode(superblock(), sb);
    sb[kRecordHeader] ^= 1;  // magic
    EXPECT_FALSE(decode(sb[0], std::span(sb).subspan(kRecordHeader)));
}

TEST(MetadataBlock, ErasedBlockIsInvalid) {
    const Bytes erased(256, 0xFF);
    const auto p = parse_metadata_block(erased, 16);
    EXPECT_FALSE(p.valid);
    EXPECT_EQ(p.commits, 0u);
    EXPECT_FALSE(parse_metadata_block(Bytes(256, 0x00), 16).valid);
    EXPECT_FALSE(parse_metadata_block(Bytes(8, 0x00), 4).valid);
}

TEST(MetadataBlock, BuildAndParseRoundTrip) {
    const std::vector<Record> records{superblock(), file_entry(1, "a", {1, 2, 3}),
                                      Tail{PairAddr{6, 7}}};
    const Bytes commit = build_commit(records, 42u, 16);
    EXPECT_EQ(commit.size() % 16, 0u);
    EXPECT_EQ(commit[0], 42);  // revision word, little-endian
    const auto p = parse_metadata_block(block_with({commit}), 16);
    ASSERT_TRUE(p.valid);
    EXPECT_EQ(p.revision, 42u);
    EXPECT_EQ(p.commits, 1u);
    EXPECT_EQ(p.end, commit.size());
    EXPECT_FALSE(p.dirty);
    ASSERT_TRUE(p.state.superblock.has_value());
    EXPECT_EQ(*p.state.superblock, superblock());
    ASSERT_TRUE(p.state.tail.has_value());
    EXPECT_EQ(*p.state.tail, (PairAddr{6, 7}));
    ASSERT_EQ(p.state.entries.size(), 1u);
    EXPECT_EQ(p.state.entries.at(1).data, (Bytes{1, 2, 3}));
}

TEST(MetadataBlock, CommitsReplayInOrder) {
    const Bytes first = build_commit(
        std::vector<Record>{superblock(), file_entry(1, "a", {1}), file_entry(2, "b", {2})}, 5u,
        16);
    const Bytes second = build_commit(
        std::vector<Record>{file_entry(1, "renamed", {9, 9}), Remove{2}}, std::nullopt, 16);
    const Bytes third =
        build_commit(std::vector<Record>{file_entry(2, "again", {3}), Tail{}}, std::nullopt, 16);
    const auto p = parse_metadata_block(block_with({first, second, third}), 16);
    ASSERT_TRUE(p.valid);
    EXPECT_EQ(p.commits, 3u);
    EXPECT_EQ(p.end, first.size() + second.size() + third.size());
    EXPECT_FALSE(p.dirty);
    ASSERT_EQ(p.state.entries.size(), 2u);
    EXPECT_EQ(p.state.entries.at(1).name, "renamed");
    EXPECT_EQ(p.state.entries.at(1).data, (Bytes{9, 9}));
    EXPECT_EQ(p.state.entries.at(2).name, "again");
    EXPECT_FALSE(p.state.tail.has_value());

    // Stopping after two commits gives the intermediate state.
    const auto two = parse_metadata_block(block_with({first, second}), 16);
    EXPECT_EQ(two.commits, 2u);
    EXPECT_EQ(two.state.entries.size(), 1u);
}

TEST(MetadataBlock, BadCrcCommitIsIgnoredAndMarksDirty) {
    const Bytes first =
        build_commit(std::vector<Record>{superblock(), file_entry(1, "a", {1})}, 1u, 16);
    Bytes second = build_commit(std::vector<Record>{Remove{1}}, std::nullopt, 16);
    second[kRecordHeader + 2 + kRecordHeader] ^= 0x01;  // a byte of the CRC value
    const Bytes third =
        build_commit(std::vector<Record>{file_entry(3, "c", {3})}, std::nullopt, 16);
    const auto p = parse_metadata_block(block_with({first, second, third}), 16);
    ASSERT_TRUE(p.valid);
    EXPECT_EQ(p.commits, 1u);  // nothing after the bad commit counts either
    EXPECT_EQ(p.end, first.size());
    EXPECT_TRUE(p.dirty);
    ASSERT_EQ(p.state.entries.size(), 1u);
    EXPECT_EQ(p.state.entries.at(1).name, "a");
}

TEST(MetadataBlock, TornRecordBytesMakeTheBlockDirty) {
    const Bytes first = build_commit(std::vector<Record>{superblock()}, 1u, 16);
    Bytes block = block_with({first});
    block[first.size() + 5] = 0x00;  // stray programmed byte after the last commit
    const auto p = parse_metadata_block(block, 16);
    ASSERT_TRUE(p.valid);
    EXPECT_EQ(p.commits, 1u);
    EXPECT_TRUE(p.dirty);
}

TEST(MetadataBlock, FirstCommitWithBadCrcIsInvalid) {
    Bytes first = build_commit(std::vector<Record>{superblock()}, 1u, 16);
    first[6] ^= 0x10;  // inside the superblock record
    EXPECT_FALSE(parse_metadata_block(block_with({first}), 16).valid);
}

TEST(MetadataBlock, CommitOfAStateRebuildsIt) {
    PairState s;
    s.apply(superblock());
    s.apply(file_entry(4, "d", {4}));
    s.apply(file_entry(2, "b", {2}));
    s.apply(Tail{PairAddr{8, 9}});
    const Bytes c = build_commit(s, 3u, 4);
    const auto p = parse_metadata_block(block_with({c}), 4);
    ASSERT_TRUE(p.valid);
    EXPECT_EQ(p.state.superblock, s.superblock);
    EXPECT_EQ(p.state.tail, s.tail);
    ASSERT_EQ(p.state.entries.size(), 2u);
    EXPECT_EQ(p.state.entries.at(2).name, "b");
    EXPECT_EQ(p.state.entries.at(4).name, "d");
}

TEST(MetadataBlock, CommitOfAStateListsSuperblockEntriesByInodeThenTail) {
    // write_pair builds the compacted block from the state: byte for byte the commit of its
    // records in this order, with and without superblock, tail and revision.
    PairState s;
    EXPECT_EQ(build_commit(s, 1u, 16), build_commit(std::vector<Record>{}, 1u, 16));
    s.apply(file_entry(7, "g", {7, 7}));
    s.apply(file_entry(3, "c", {}));
    EXPECT_EQ(build_commit(s, std::nullopt, 16),
              build_commit(std::vector<Record>{file_entry(3, "c", {}), file_entry(7, "g", {7, 7})},
                           std::nullopt, 16));
    s.apply(superblock());
    s.apply(Tail{PairAddr{8, 9}});
    EXPECT_EQ(build_commit(s, 5u, 4),
              build_commit(std::vector<Record>{superblock(), file_entry(3, "c", {}),
                                               file_entry(7, "g", {7, 7}), Tail{PairAddr{8, 9}}},
                           5u, 4));
    s.apply(Tail{});  // no next pair: no tail record
    EXPECT_EQ(build_commit(s, 6u, 4),
              build_commit(std::vector<Record>{superblock(), file_entry(3, "c", {}),
                                               file_entry(7, "g", {7, 7})},
                           6u, 4));
}

TEST(MetadataBlock, MovingARecordInAppliesTheSame) {
    PairState copied;
    PairState moved;
    for (Record r : std::vector<Record>{superblock(), file_entry(2, "b", {2}), Remove{2},
                                        file_entry(4, "d", {4, 4}), Tail{PairAddr{1, 2}}}) {
        copied.apply(std::as_const(r));
        moved.apply(std::move(r));
    }
    EXPECT_EQ(build_commit(moved, 1u, 4), build_commit(copied, 1u, 4));
    ASSERT_EQ(moved.entries.size(), 1u);
    EXPECT_EQ(moved.entries.at(4).name, "d");
}

TEST(MetadataBlock, RevisionNewerWrapsAround) {
    EXPECT_TRUE(revision_newer(2, 1));
    EXPECT_FALSE(revision_newer(1, 2));
    EXPECT_FALSE(revision_newer(5, 5));
    EXPECT_TRUE(revision_newer(0, 0xFFFFFFFEu));
    EXPECT_TRUE(revision_newer(3, 0xFFFFFFF0u));
    EXPECT_FALSE(revision_newer(0xFFFFFFF0u, 3));
}

}  // namespace
}  // namespace nk3::fs
