#pragma once
// nk3fs: a small power-safe copy-on-write filesystem for NOR flash, in the spirit of littlefs
// (the NK3's own filesystem). docs/storage.md describes the on-flash format and why every
// operation survives a cut at any flash operation.
//
// In brief: all metadata lives in a chain of metadata pairs starting at blocks {0, 1}; each
// pair is two blocks holding a log of CRC-closed commits, and the newer valid block wins.
// Files and directories are entries (inode, parent inode, name, content or block list); any
// change to one entry is one commit, so it is atomic. File content is written to fresh blocks
// before the commit that points at them, so a file is replaced whole or not at all. Blocks are
// free exactly when no live entry or pair refers to them; mount recomputes that.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fs/fs_config.hpp"
#include "fs/fs_error.hpp"
#include "fs/metadata_block.hpp"
#include "ftl/block_device.hpp"

namespace nk3::fs {

struct Stat {
    EntryKind kind;
    std::uint32_t size;  // bytes; 0 for directories
};

struct DirEntry {
    std::string name;
    EntryKind kind;
    std::uint32_t size;
};

// Every file and directory below the root, by absolute path: directories map to std::nullopt,
// files to their content. Files whose content fails its checksum are listed in `corrupt`
// instead of `nodes`.
struct Tree {
    std::map<std::string, std::optional<std::vector<std::uint8_t>>> nodes;
    std::vector<std::string> corrupt;
    bool operator==(const Tree&) const = default;
};

struct MountOptions {
    // Finish what an interrupted operation left: drop the loser of an interrupted rename,
    // compact pairs whose log ends in a torn commit. Off for read-only inspection (fsck).
    bool repair = true;
};

class Filesystem {
  public:
    // Writes an empty filesystem (erases blocks 0 and 1, one commit with the superblock).
    static void format(ftl::BlockDevice& device, const FsConfig& config = {});
    // Throws FsError(corrupt) naming what did not check out when the filesystem cannot mount.
    static Filesystem mount(ftl::BlockDevice& device, const FsConfig& config = {},
                            MountOptions options = {});

    std::vector<std::uint8_t> read_file(std::string_view path) const;
    // Creates or atomically replaces a file.
    void write_file(std::string_view path, std::span<const std::uint8_t> content);
    void mkdir(std::string_view path);
    // Removes a file or an empty directory.
    void remove(std::string_view path);
    // Moves/renames; an existing target of the same kind is replaced (a directory only when
    // empty). Atomic when source and target entries share a metadata pair; otherwise a cut
    // leaves both names and the next mount keeps the newer one (the target's new content).
    void rename(std::string_view from, std::string_view to);

    bool exists(std::string_view path) const;
    Stat stat(std::string_view path) const;
    std::vector<DirEntry> list(std::string_view path) const;
    Tree tree() const;
    // Tree::corrupt of tree(), without keeping the content of the files it reads.
    std::vector<std::string> corrupt_files() const;

    std::uint32_t block_count() const { return static_cast<std::uint32_t>(used_.size()); }
    std::uint32_t free_blocks() const;
    std::uint32_t max_file_size() const { return max_file_size_; }
    std::uint32_t metadata_pairs() const { return static_cast<std::uint32_t>(pairs_.size()); }

    // Read-only view for the consistency checker.
    struct PairView {
        PairAddr blocks;
        std::uint32_t revision;
        bool dirty;
        const PairState* state;
    };
    std::vector<PairView> pairs() const;
    const std::vector<std::string>& mount_notes() const { return notes_; }
    // For tests: whether the index (names, inodes, used blocks, losers), as the mutations kept
    // it, equals the one a full rebuild computes from the pairs.
    bool index_matches_rebuild() const;
    ftl::BlockDevice& device() const { return *device_; }
    std::uint32_t prog_size() const { return prog_; }

  private:
    struct Pair {
        PairAddr blocks{};
        int current = 0;  // index into blocks of the newer valid block
        std::uint32_t revision = 0;
        std::uint32_t end = 0;
        bool dirty = false;
        PairState state;
    };
    struct Location {
        std::size_t pair;
        const Entry* entry;
    };

    Filesystem(ftl::BlockDevice& device, std::uint32_t prog_size, std::uint8_t name_max);

    // Runs a mutating operation; a PowerLoss (or any exception from the device) leaves the
    // object unusable, as the RAM of a browned-out MCU.
    template <typename F>
    void mutate(F&& f);
    void require_usable() const;

    std::optional<Location> lookup(std::string_view path) const;
    std::optional<Location> lookup_child(std::uint16_t parent, std::string_view name) const;
    // Splits into (parent inode, last name); throws for missing parents and bad names.
    std::pair<std::uint16_t, std::string> resolve_parent(std::string_view path) const;
    Location require(std::string_view path) const;

    // Which pair a new entry goes to.
    std::size_t pair_for_new(const Entry& e) const;
    // A compacted pair larger than this is split (a quarter block stays free for appends).
    std::uint32_t split_threshold() const { return block_size_ - block_size_ / 4; }
    void commit(std::size_t pair, std::vector<Record> changes);
    void compact(std::size_t pair, PairState next);
    // Erases pair.blocks[slot] and writes `state` there as the pair's newest block.
    void write_pair(Pair& pair, int slot, std::uint32_t revision, PairState state);
    // Bytes of one commit holding all of `state` (unpadded); `first` adds the revision word.
    std::uint32_t commit_size(const PairState& state, bool first) const;
    std::uint32_t compute_max_file_size() const;
    std::uint32_t allocate();
    PairAddr allocate_pair();
    std::uint16_t allocate_ino() const;
    std::uint32_t next_seq() { return seq_++; }
    std::vector<std::uint8_t> read_content(const Entry& e) const;
    // Calls visit(path, entry) for every entry below the root, in the order tree() lists them.
    template <typename Visit>
    void walk(Visit&& visit) const;
    // The pair holding `ino`'s live entry, kNoPair when none does.
    std::size_t pair_of(std::uint16_t ino) const {
        return ino < ino_pair_.size() ? ino_pair_[ino] : kNoPair;
    }
    // The live entry of an inode the index places in a pair.
    const Entry& entry_of(std::uint16_t ino) const {
        return pairs_[ino_pair_[ino]].state.entries.at(ino);
    }
    void set_pair(std::uint16_t ino, std::size_t pair);
    // Recomputes names_, ino_pair_, losers_ and used_ from the pairs.
    void rebuild_index();
    // Recomputes used_ alone: blocks of the pairs and of every entry, live or not.
    void mark_used();
    // Brings names_ and ino_pair_ up to date for `record` about to be applied to pair `index`
    // (appended, or compacted into it), when that is simple (no collision arises); otherwise
    // clears index_exact_, and the mutation ends with a full rebuild (as after a split).
    void index_record(std::size_t index, const Record& record);
    void repair();

    ftl::BlockDevice* device_;
    std::uint32_t block_size_;
    std::uint32_t prog_;
    std::uint8_t name_max_;
    std::uint32_t max_file_size_ = 0;
    std::vector<Pair> pairs_;
    // Index, recomputed by rebuild_index() after mount, after a split and after an error, and
    // kept up to date record by record by commits otherwise.
    // By inode: the pair holding its live entry, or kNoPair (also for inodes past the end).
    static constexpr std::size_t kNoPair = static_cast<std::size_t>(-1);
    std::vector<std::size_t> ino_pair_;
    // (parent, name) keys ordered as std::pair orders them; a lookup probes with a
    // (parent, string_view) pair, so it builds no string.
    struct NameOrder {
        using is_transparent = void;
        template <typename A, typename B>
        bool operator()(const A& a, const B& b) const {
            if (a.first != b.first) return a.first < b.first;
            return std::string_view(a.second) < std::string_view(b.second);
        }
    };
    std::map<std::pair<std::uint16_t, std::string>, std::uint16_t, NameOrder> names_;
    std::vector<std::pair<std::size_t, std::uint16_t>> losers_;  // collided entries to drop
    // True while names_ and ino_pair_ are exactly what rebuild_index() would compute from the
    // pairs and no entries collide (losers_ is empty): only then do commits update them in
    // place.
    bool index_exact_ = false;
    std::vector<bool> used_;
    std::uint32_t cursor_ = 0;
    std::uint32_t seq_ = 1;
    std::vector<std::string> notes_;
    bool broken_ = false;
};

}  // namespace nk3::fs
