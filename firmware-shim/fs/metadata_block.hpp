#pragma once
// One block of a metadata pair: a revision count, then a log of commits, each closed by a CRC.
// Parsing replays the commits that check out and stops at the first that does not; whatever
// follows the last good commit makes the block "dirty" unless it is still erased (a torn
// commit leaves programmed bytes there that no later commit may be written over).

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "fs/records.hpp"

namespace nk3::fs {

// What a metadata pair holds once its log is replayed.
struct PairState {
    std::optional<Superblock> superblock;
    std::optional<PairAddr> tail;
    std::map<std::uint16_t, Entry> entries;  // by inode number

    void apply(const Record& record);
    void apply(Record&& record);  // the same, moving an entry in instead of copying it
};

struct ParsedBlock {
    bool valid = false;  // at least one commit checks out
    std::uint32_t revision = 0;
    std::uint32_t commits = 0;
    std::uint32_t end = 0;  // where the next commit would start
    bool dirty = false;     // bytes after `end` are not erased
    PairState state;
};

ParsedBlock parse_metadata_block(std::span<const std::uint8_t> block, std::uint32_t prog_size);

// Encodes `records` as one commit padded with 0xFF to prog_size. With a revision the commit is
// the first of its block and starts with the revision word.
std::vector<std::uint8_t> build_commit(std::span<const Record> records,
                                       std::optional<std::uint32_t> revision,
                                       std::uint32_t prog_size);
// One commit that rebuilds `state`: its superblock, its entries by inode, its tail.
std::vector<std::uint8_t> build_commit(const PairState& state,
                                       std::optional<std::uint32_t> revision,
                                       std::uint32_t prog_size);

// Sequence comparison of revisions (wrap-around safe): true when a is newer than b.
inline bool revision_newer(std::uint32_t a, std::uint32_t b) {
    return static_cast<std::int32_t>(a - b) > 0;
}

}  // namespace nk3::fs
