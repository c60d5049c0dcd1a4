#include "fs/filesystem.hpp"

#include <algorithm>
#include <set>

#include "flash/flash_error.hpp"

namespace nk3::fs {

namespace {

std::uint32_t align_up(std::uint32_t v, std::uint32_t a) {
    return (v + a - 1) / a * a;
}

std::string pair_name(const PairAddr& p) {
    return "{" + std::to_string(p[0]) + ", " + std::to_string(p[1]) + "}";
}

// Paths are walked component by component; "/" and "" are the root. The components are views
// into the path, and nothing is allocated to hold them (lookups run at every file access).

// The component at or after `i`, empty when there is none; `i` moves past it.
std::string_view next_part(std::string_view path, std::size_t& i) {
    while (i < path.size() && path[i] == '/')
        ++i;
    const std::size_t j = std::min(path.find('/', i), path.size());
    const std::string_view part = path.substr(i, j - i);
    i = j;
    return part;
}

// Throws for the first component that is "." or ".." or longer than name_max. Every component is
// checked before any is looked up, so a bad name is reported even below a missing directory.
void check_path(std::string_view path, std::uint8_t name_max) {
    std::size_t i = 0;
    for (auto part = next_part(path, i); !part.empty(); part = next_part(path, i)) {
        if (part == "." || part == "..")
            throw FsError(FsErrc::invalid,
                          "path '" + std::string(path) + "': '.' and '..' are not supported");
        if (part.size() > name_max)
            throw FsError(FsErrc::name_too_long, "path '" + std::string(path) + "': component '" +
                                                     std::string(part) + "' is longer than " +
                                                     std::to_string(name_max) + " bytes");
    }
}

// The changes of one commit. (A braced list would copy each record, entry data and all: the
// elements of an initializer_list cannot be moved from.)
template <typename... R>
std::vector<Record> commit_records(R&&... records) {
    std::vector<Record> out;
    out.reserve(sizeof...(records));
    (out.emplace_back(std::forward<R>(records)), ...);
    return out;
}

}  // namespace

Filesystem::Filesystem(ftl::BlockDevice& device, std::uint32_t prog_size, std::uint8_t name_max)
    : device_(&device),
      block_size_(device.block_size()),
      prog_(prog_size),
      name_max_(name_max),
      used_(device.block_count(), false) {
    max_file_size_ = compute_max_file_size();
}

namespace {
std::uint32_t effective_prog(const ftl::BlockDevice& device, const FsConfig& config) {
    const std::uint32_t prog = config.prog_size ? config.prog_size : device.prog_size();
    if (prog % device.prog_size() != 0 || device.block_size() % prog != 0)
        throw FsError(FsErrc::invalid, "filesystem prog_size " + std::to_string(prog) +
                                           " must be a multiple of the device's " +
                                           std::to_string(device.prog_size()) +
                                           " and divide the block size " +
                                           std::to_string(device.block_size()));
    if (device.block_count() < 4 || device.block_size() < 128)
        throw FsError(FsErrc::invalid, "filesystem needs at least 4 blocks of 128 bytes");
    return prog;
}
}  // namespace

template <typename F>
void Filesystem::mutate(F&& f) {
    require_usable();
    try {
        f();
        if (index_exact_)
            mark_used();
        else
            rebuild_index();
    } catch (const FsError&) {
        rebuild_index();
        throw;
    } catch (...) {
        broken_ = true;
        throw;
    }
}

void Filesystem::format(ftl::BlockDevice& device, const FsConfig& config) {
    const std::uint32_t prog = effective_prog(device, config);
    Filesystem fs(device, prog, config.name_max);
    PairState root;
    root.superblock = Superblock{.version = kVersion,
                                 .block_size = device.block_size(),
                                 .block_count = device.block_count(),
                                 .prog_size = prog,
                                 .name_max = config.name_max};
    Pair pair;
    pair.blocks = {0, 1};
    device.erase(1);
    fs.write_pair(pair, 0, 1, std::move(root));
}

Filesystem Filesystem::mount(ftl::BlockDevice& device, const FsConfig& config,
                             MountOptions options) {
    const std::uint32_t prog = effective_prog(device, config);
    Filesystem fs(device, prog, config.name_max);
    const std::uint32_t count = device.block_count();
    std::vector<std::uint8_t> buf(device.block_size());

    auto load_pair = [&](const PairAddr& addr) -> std::optional<Pair> {
        Pair pair;
        pair.blocks = addr;
        std::optional<ParsedBlock> best;
        for (int i = 0; i < 2; ++i) {
            device.read(addr[i], 0, buf);
            auto parsed = parse_metadata_block(buf, prog);
            if (!parsed.valid) continue;
            if (!best || revision_newer(parsed.revision, best->revision)) {
                best = std::move(parsed);
                pair.current = i;
            }
        }
        if (!best) return std::nullopt;
        pair.revision = best->revision;
        pair.end = best->end;
        pair.dirty = best->dirty;
        pair.state = std::move(best->state);
        return pair;
    };

    auto root = load_pair({0, 1});
    if (!root)
        throw FsError(FsErrc::corrupt, "mount: superblock pair {0, 1} holds no valid commit");
    const auto& sb = root->state.superblock;
    if (!sb) throw FsError(FsErrc::corrupt, "mount: superblock pair {0, 1} has no superblock");
    if (sb->version != kVersion || sb->block_size != device.block_size() ||
        sb->block_count != count || sb->prog_size != prog || sb->name_max != config.name_max)
        throw FsError(FsErrc::corrupt, "mount: superblock (version " + std::to_string(sb->version) +
                                           ", " + std::to_string(sb->block_count) + " blocks of " +
                                           std::to_string(sb->block_size) + " B, prog " +
                                           std::to_string(sb->prog_size) +
                                           ") does not match this device and "
                                           "configuration");
    std::set<std::uint32_t> seen{0, 1};
    std::optional<PairAddr> next = root->state.tail;
    fs.pairs_.push_back(std::move(*root));
    while (next) {
        const PairAddr addr = *next;
        if (addr[0] >= count || addr[1] >= count || addr[0] == addr[1])
            throw FsError(FsErrc::corrupt,
                          "mount: metadata chain points at invalid pair " + pair_name(addr));
        if (seen.count(addr[0]) || seen.count(addr[1]))
            throw FsError(FsErrc::corrupt,
                          "mount: metadata chain loops back at pair " + pair_name(addr));
        seen.insert(addr.begin(), addr.end());
        auto pair = load_pair(addr);
        if (!pair)
            throw FsError(FsErrc::corrupt,
                          "mount: metadata pair " + pair_name(addr) + " holds no valid commit");
        next = pair->state.tail;
        fs.pairs_.push_back(std::move(*pair));
    }

    fs.rebuild_index();
    std::uint32_t max_seq = 0;
    for (const auto& p : fs.pairs_)
        for (const auto& [ino, e] : p.state.entries)
            max_seq = std::max(max_seq, e.seq);
    fs.seq_ = max_seq + 1;
    fs.cursor_ = fs.seq_ % count;
    for (const auto& p : fs.pairs_)
        if (p.dirty)
            fs.notes_.push_back("pair " + pair_name(p.blocks) + ": log ends in a torn commit");
    if (options.repair) fs.mutate([&] { fs.repair(); });
    return fs;
}

void Filesystem::require_usable() const {
    if (broken_)
        throw FsError(FsErrc::not_mounted,
                      "filesystem was interrupted (power loss or device error): mount it again");
}

void Filesystem::repair() {
    for (const auto& [pair, ino] : losers_) {
        notes_.push_back("dropped the older of two entries for inode " + std::to_string(ino) +
                         " (an interrupted rename or relocation)");
        commit(pair, commit_records(Remove{ino}));
    }
    for (std::size_t i = 0; i < pairs_.size(); ++i)
        if (pairs_[i].dirty) compact(i, pairs_[i].state);
}

namespace {

// Takes every node out of `map`, to be refilled by rebuild_index: reusing the nodes (and the
// capacity of their name strings) spares allocating and freeing each of them every time.
template <typename Map>
std::vector<typename Map::node_type> take_nodes(Map& map) {
    std::vector<typename Map::node_type> nodes;
    nodes.reserve(map.size());
    while (!map.empty())
        nodes.push_back(map.extract(map.begin()));
    return nodes;
}

// The key an entry has in the name index, without copying its name.
std::pair<std::uint16_t, std::string_view> name_key(const Entry& e) {
    return {e.parent, e.name};
}

}  // namespace

void Filesystem::set_pair(std::uint16_t ino, std::size_t pair) {
    if (ino >= ino_pair_.size()) ino_pair_.resize(std::size_t{ino} + 1, kNoPair);
    ino_pair_[ino] = pair;
}

void Filesystem::mark_used() {
    std::fill(used_.begin(), used_.end(), false);
    const auto count = static_cast<std::uint32_t>(used_.size());
    for (const auto& p : pairs_) {
        for (auto b : p.blocks)
            used_[b] = true;
        for (const auto& [ino, e] : p.state.entries)
            for (auto b : e.blocks)
                if (b < count) used_[b] = true;
    }
}

void Filesystem::rebuild_index() {
    std::fill(ino_pair_.begin(), ino_pair_.end(), kNoPair);
    auto spare_names = take_nodes(names_);
    losers_.clear();
    mark_used();
    for (std::size_t i = 0; i < pairs_.size(); ++i) {
        for (const auto& [ino, e] : pairs_[i].state.entries) {
            const std::size_t holder = pair_of(ino);
            if (holder == kNoPair) {
                set_pair(ino, i);
                continue;
            }
            if (e.seq > entry_of(ino).seq) {
                losers_.emplace_back(holder, ino);
                ino_pair_[ino] = i;
            } else {
                losers_.emplace_back(i, ino);
            }
        }
    }
    // names_.emplace({parent, name}, ino), in a spare node whose name string keeps its capacity.
    auto insert_name = [&](std::uint16_t parent, const std::string& name,
                           std::uint16_t ino) -> std::pair<decltype(names_)::iterator, bool> {
        if (spare_names.empty()) return names_.emplace(std::make_pair(parent, name), ino);
        auto node = std::move(spare_names.back());
        spare_names.pop_back();
        node.key().first = parent;
        node.key().second.assign(name);
        node.mapped() = ino;
        auto result = names_.insert(std::move(node));
        if (!result.inserted) spare_names.push_back(std::move(result.node));
        return {result.position, result.inserted};
    };
    // Of two entries with one name, the newer stays; the older is reachable neither by name
    // nor by inode (its record stays on flash until repair() removes it). Inodes in ascending
    // order, as they were in the std::map this index once was.
    std::vector<std::uint16_t> unnamed;
    for (std::size_t n = 0; n < ino_pair_.size(); ++n) {
        if (ino_pair_[n] == kNoPair) continue;
        const auto ino = static_cast<std::uint16_t>(n);
        const Entry& e = entry_of(ino);
        auto [it, fresh] = insert_name(e.parent, e.name, ino);
        if (fresh) continue;
        std::uint16_t loser = ino;
        if (e.seq > entry_of(it->second).seq) std::swap(loser, it->second);
        losers_.emplace_back(ino_pair_[loser], loser);
        unnamed.push_back(loser);
    }
    for (auto ino : unnamed)
        ino_pair_[ino] = kNoPair;
    index_exact_ = losers_.empty();
}

void Filesystem::index_record(std::size_t index, const Record& record) {
    if (!index_exact_) return;
    const auto* removed = std::get_if<Remove>(&record);
    const auto* entry = std::get_if<Entry>(&record);
    if (!removed && !entry) {
        index_exact_ = false;  // superblock or tail: not what commit() is given
        return;
    }
    const std::uint16_t ino = removed ? removed->ino : entry->ino;
    const std::size_t holder = pair_of(ino);
    // Every inode of every pair is in the index (nothing collides), so an inode the index
    // places in no pair is in none, and one it places in another pair is only there.
    if (holder != kNoPair && holder != index) {
        index_exact_ = false;
        return;
    }
    const Entry* old = holder == kNoPair ? nullptr : &entry_of(ino);
    if (removed) {
        if (old) {
            names_.erase(names_.find(name_key(*old)));
            ino_pair_[ino] = kNoPair;
        }
        return;
    }
    if (old && name_key(*old) == name_key(*entry)) return;
    if (names_.count(name_key(*entry))) {
        index_exact_ = false;  // two entries with one name: the full rebuild picks the winner
        return;
    }
    if (old) {
        // The node (and its string) moves to the new name.
        auto node = names_.extract(names_.find(name_key(*old)));
        node.key().first = entry->parent;
        node.key().second.assign(entry->name);
        names_.insert(std::move(node));
    } else {
        names_.emplace(std::make_pair(entry->parent, entry->name), ino);
        set_pair(ino, index);
    }
}

bool Filesystem::index_matches_rebuild() const {
    Filesystem full = *this;
    full.rebuild_index();
    auto same_inos = [&] {
        const std::size_t n = std::max(ino_pair_.size(), full.ino_pair_.size());
        for (std::size_t i = 0; i < n; ++i) {
            const auto ino = static_cast<std::uint16_t>(i);
            if (pair_of(ino) != full.pair_of(ino)) return false;
        }
        return true;
    };
    return same_inos() && names_ == full.names_ && losers_ == full.losers_ && used_ == full.used_ &&
           index_exact_ == full.index_exact_;
}

// ---------------------------------------------------------------------------------- lookup

std::optional<Filesystem::Location> Filesystem::lookup_child(std::uint16_t parent,
                                                             std::string_view name) const {
    auto it = names_.find(std::make_pair(parent, name));
    if (it == names_.end()) return std::nullopt;
    const std::size_t pair = ino_pair_[it->second];
    return Location{pair, &pairs_[pair].state.entries.at(it->second)};
}

std::optional<Filesystem::Location> Filesystem::lookup(std::string_view path) const {
    check_path(path, name_max_);
    std::optional<Location> loc = Location{0, nullptr};  // root
    std::uint16_t dir = kRootIno;
    std::size_t i = 0;
    for (auto part = next_part(path, i); !part.empty();) {
        loc = lookup_child(dir, part);
        if (!loc) return std::nullopt;
        const auto next = next_part(path, i);
        if (!next.empty()) {
            if (loc->entry->kind != EntryKind::dir)
                throw FsError(FsErrc::not_dir, "path '" + std::string(path) + "': '" +
                                                   std::string(part) + "' is not a directory");
            dir = loc->entry->ino;
        }
        part = next;
    }
    return loc;
}

Filesystem::Location Filesystem::require(std::string_view path) const {
    auto loc = lookup(path);
    if (!loc) throw FsError(FsErrc::not_found, "'" + std::string(path) + "': no such file");
    return *loc;
}

std::pair<std::uint16_t, std::string> Filesystem::resolve_parent(std::string_view path) const {
    check_path(path, name_max_);
    std::size_t i = 0;
    auto part = next_part(path, i);
    if (part.empty()) throw FsError(FsErrc::invalid, "the root directory cannot be the operand");
    std::uint16_t dir = kRootIno;
    for (auto next = next_part(path, i); !next.empty(); part = next, next = next_part(path, i)) {
        auto loc = lookup_child(dir, part);
        if (!loc)
            throw FsError(FsErrc::not_found, "'" + std::string(path) + "': directory '" +
                                                 std::string(part) + "' does not exist");
        if (loc->entry->kind != EntryKind::dir)
            throw FsError(FsErrc::not_dir, "'" + std::string(path) + "': '" + std::string(part) +
                                               "' is not a directory");
        dir = loc->entry->ino;
    }
    return {dir, std::string(part)};
}

// ---------------------------------------------------------------------------------- queries

bool Filesystem::exists(std::string_view path) const {
    require_usable();
    return lookup(path).has_value();
}

Stat Filesystem::stat(std::string_view path) const {
    require_usable();
    const auto loc = require(path);
    if (!loc.entry) return {EntryKind::dir, 0};
    return {loc.entry->kind, loc.entry->kind == EntryKind::file ? loc.entry->size : 0};
}

std::vector<DirEntry> Filesystem::list(std::string_view path) const {
    require_usable();
    const auto loc = require(path);
    if (loc.entry && loc.entry->kind != EntryKind::dir)
        throw FsError(FsErrc::not_dir, "'" + std::string(path) + "' is not a directory");
    const std::uint16_t dir = loc.entry ? loc.entry->ino : kRootIno;
    std::vector<DirEntry> out;
    for (auto it = names_.lower_bound(std::make_pair(dir, std::string()));
         it != names_.end() && it->first.first == dir; ++it) {
        const Entry& e = entry_of(it->second);
        out.push_back({e.name, e.kind, e.kind == EntryKind::file ? e.size : 0});
    }
    return out;
}

std::vector<std::uint8_t> Filesystem::read_content(const Entry& e) const {
    std::vector<std::uint8_t> out;
    if (e.inlined) {
        out = e.data;
    } else {
        const std::uint32_t count = static_cast<std::uint32_t>(used_.size());
        const std::size_t needed = (e.size + block_size_ - 1) / block_size_;
        if (e.blocks.size() != needed)
            throw FsError(FsErrc::corrupt, "file '" + e.name +
                                               "': " + std::to_string(e.blocks.size()) +
                                               " blocks for " + std::to_string(e.size) + " bytes");
        out.resize(e.size);
        for (std::size_t i = 0; i < e.blocks.size(); ++i) {
            if (e.blocks[i] >= count)
                throw FsError(FsErrc::corrupt, "file '" + e.name + "': block " +
                                                   std::to_string(e.blocks[i]) +
                                                   " is outside the device");
            const std::size_t at = i * block_size_;
            const std::size_t n = std::min<std::size_t>(block_size_, e.size - at);
            device_->read(e.blocks[i], 0, std::span(out).subspan(at, n));
        }
    }
    if (crc32_of(out) != e.crc)
        throw FsError(FsErrc::corrupt, "file '" + e.name + "' fails its checksum");
    return out;
}

std::vector<std::uint8_t> Filesystem::read_file(std::string_view path) const {
    require_usable();
    const auto loc = require(path);
    if (!loc.entry || loc.entry->kind != EntryKind::file)
        throw FsError(FsErrc::is_dir, "'" + std::string(path) + "' is a directory");
    return read_content(*loc.entry);
}

template <typename Visit>
void Filesystem::walk(Visit&& visit) const {
    std::vector<std::pair<std::uint16_t, std::string>> stack{{kRootIno, ""}};
    while (!stack.empty()) {
        auto [dir, prefix] = stack.back();
        stack.pop_back();
        for (auto it = names_.lower_bound(std::make_pair(dir, std::string()));
             it != names_.end() && it->first.first == dir; ++it) {
            const Entry& e = entry_of(it->second);
            const std::string path = prefix + "/" + e.name;
            visit(path, e);
            if (e.kind == EntryKind::dir) stack.emplace_back(e.ino, path);
        }
    }
}

Tree Filesystem::tree() const {
    require_usable();
    Tree t;
    walk([&](const std::string& path, const Entry& e) {
        if (e.kind == EntryKind::dir) {
            t.nodes[path] = std::nullopt;
            return;
        }
        try {
            t.nodes[path] = read_content(e);
        } catch (const FsError&) {
            t.corrupt.push_back(path);
        }
    });
    return t;
}

std::vector<std::string> Filesystem::corrupt_files() const {
    require_usable();
    std::vector<std::string> corrupt;
    walk([&](const std::string& path, const Entry& e) {
        if (e.kind == EntryKind::dir) return;
        try {
            read_content(e);
        } catch (const FsError&) {
            corrupt.push_back(path);
        }
    });
    return corrupt;
}

std::uint32_t Filesystem::free_blocks() const {
    return static_cast<std::uint32_t>(std::count(used_.begin(), used_.end(), false));
}

std::vector<Filesystem::PairView> Filesystem::pairs() const {
    std::vector<PairView> out;
    for (const auto& p : pairs_)
        out.push_back({p.blocks, p.revision, p.dirty, &p.state});
    return out;
}

// ---------------------------------------------------------------------------------- space

std::uint32_t Filesystem::commit_size(const PairState& state, bool first) const {
    std::size_t size = (first ? 4 : 0) + kCrcRecord;
    if (state.superblock) size += encoded_size(*state.superblock);
    for (const auto& [ino, e] : state.entries)
        size += encoded_size(e);
    if (state.tail) size += encoded_size(Tail{state.tail});
    return static_cast<std::uint32_t>(size);
}

std::uint32_t Filesystem::compute_max_file_size() const {
    // The largest block list one entry can carry when it shares a pair with nothing but a
    // superblock and a tail, with the longest name allowed.
    Entry probe;
    probe.ino = 1;
    probe.name.assign(name_max_, 'x');
    probe.inlined = false;
    const std::size_t base = 4 + kCrcRecord + encoded_size(Superblock{}) +
                             encoded_size(Tail{PairAddr{0, 0}}) + encoded_size(probe);
    if (base >= block_size_) return 0;
    const auto blocks = std::min<std::size_t>((block_size_ - base) / 4, 0xFFFF);
    return static_cast<std::uint32_t>(blocks * block_size_);
}

std::uint32_t Filesystem::allocate() {
    const auto count = static_cast<std::uint32_t>(used_.size());
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t b = (cursor_ + i) % count;
        if (!used_[b]) {
            used_[b] = true;
            cursor_ = (b + 1) % count;
            return b;
        }
    }
    throw FsError(FsErrc::no_space, "no free block left");
}

PairAddr Filesystem::allocate_pair() {
    const std::uint32_t a = allocate();
    return {a, allocate()};
}

std::uint16_t Filesystem::allocate_ino() const {
    for (std::uint32_t ino = 1; ino <= 0xFFFF; ++ino)
        if (pair_of(static_cast<std::uint16_t>(ino)) == kNoPair)
            return static_cast<std::uint16_t>(ino);
    throw FsError(FsErrc::no_space, "no free inode number left");
}

// ---------------------------------------------------------------------------------- commits

void Filesystem::write_pair(Pair& pair, int slot, std::uint32_t revision, PairState state) {
    if (revision == 0xFFFFFFFFu) revision = 0;  // an erased word never passes for a revision
    const auto bytes = build_commit(state, revision, prog_);
    device_->erase(pair.blocks[slot]);
    device_->prog(pair.blocks[slot], 0, bytes);
    pair.current = slot;
    pair.revision = revision;
    pair.end = static_cast<std::uint32_t>(bytes.size());
    pair.dirty = false;
    pair.state = std::move(state);
}

std::size_t Filesystem::pair_for_new(const Entry& e) const {
    // First a pair that takes the entry by appending, then one that takes it by compacting
    // without a split (both reuse room that removes left), and only then the end of the chain,
    // where a split allocates a new pair.
    const std::size_t entry = encoded_size(e);
    const std::size_t append = align_up(static_cast<std::uint32_t>(entry + kCrcRecord), prog_);
    for (std::size_t i = 0; i < pairs_.size(); ++i)
        if (!pairs_[i].dirty && pairs_[i].end + append <= block_size_) return i;
    for (std::size_t i = 0; i < pairs_.size(); ++i)
        if (commit_size(pairs_[i].state, true) + entry <= split_threshold()) return i;
    return pairs_.size() - 1;
}

void Filesystem::commit(std::size_t index, std::vector<Record> changes) {
    Pair& p = pairs_[index];
    const auto bytes = build_commit(changes, std::nullopt, prog_);
    if (!p.dirty && p.end + bytes.size() <= block_size_) {
        device_->prog(p.blocks[p.current], p.end, bytes);
        p.end += static_cast<std::uint32_t>(bytes.size());
        for (auto& r : changes) {
            index_record(index, r);
            p.state.apply(std::move(r));
        }
        return;
    }
    // A copy: p.state must stay as it is if compacting fails with an FsError (no space).
    PairState next = p.state;
    for (auto& r : changes) {
        index_record(index, r);
        next.apply(std::move(r));
    }
    compact(index, std::move(next));
}

void Filesystem::compact(std::size_t index, PairState next) {
    // Keep a quarter of a block free after compaction so that commits can be appended; a pair
    // that would be fuller than that is split into a chain of pairs.
    const std::uint32_t threshold = split_threshold();
    std::vector<PairState> parts;
    if (commit_size(next, true) <= threshold || next.entries.size() <= 1) {
        parts.push_back(std::move(next));
    } else {
        PairState head;
        head.superblock = next.superblock;
        const std::size_t tail = encoded_size(Tail{PairAddr{0, 0}});
        std::size_t size = commit_size(head, true) + tail;
        parts.push_back(std::move(head));
        for (auto& [ino, e] : next.entries) {
            const std::size_t entry = encoded_size(e);
            if (!parts.back().entries.empty() && size + entry > threshold) {
                parts.emplace_back();
                size = commit_size(parts.back(), true) + tail;
            }
            size += entry;
            parts.back().entries.emplace(ino, std::move(e));
        }
        parts.back().tail = next.tail;
        // The pairs after this one shift: the index must be rebuilt.
        index_exact_ = false;
    }

    // New pairs are written back to front, each pointing at the next; none is reachable until
    // the final commit to this pair links the first of them.
    std::vector<Pair> created;
    std::optional<PairAddr> tail = parts.back().tail;
    std::vector<std::uint8_t> buf(block_size_);
    for (std::size_t i = parts.size() - 1; i >= 1; --i) {
        parts[i].tail = tail;
        Pair fresh;
        fresh.blocks = allocate_pair();
        // Its second block may hold a stale pair from an earlier life: outrank it.
        device_->read(fresh.blocks[1], 0, buf);
        const auto stale = parse_metadata_block(buf, prog_);
        write_pair(fresh, 0, stale.valid ? stale.revision + 1 : 1, std::move(parts[i]));
        tail = fresh.blocks;
        created.insert(created.begin(), std::move(fresh));
    }
    parts[0].tail = tail;

    Pair& p = pairs_[index];
    if (commit_size(parts[0], true) > block_size_)
        throw FsError(FsErrc::no_space, "metadata pair " + pair_name(p.blocks) + " overflows");
    write_pair(p, 1 - p.current, p.revision + 1, std::move(parts[0]));
    pairs_.insert(pairs_.begin() + static_cast<std::ptrdiff_t>(index) + 1,
                  std::make_move_iterator(created.begin()), std::make_move_iterator(created.end()));
}

// ---------------------------------------------------------------------------------- mutations

void Filesystem::write_file(std::string_view path, std::span<const std::uint8_t> content) {
    mutate([&] {
        auto [parent, name] = resolve_parent(path);
        const auto existing = lookup_child(parent, name);
        if (existing && existing->entry->kind == EntryKind::dir)
            throw FsError(FsErrc::is_dir, "'" + std::string(path) + "' is a directory");
        if (content.size() > max_file_size_)
            throw FsError(FsErrc::file_too_large,
                          "'" + std::string(path) + "': " + std::to_string(content.size()) +
                              " bytes; the largest file is " + std::to_string(max_file_size_));
        Entry e;
        e.ino = existing ? existing->entry->ino : allocate_ino();
        e.parent = parent;
        e.seq = next_seq();
        e.kind = EntryKind::file;
        e.name = name;
        e.size = static_cast<std::uint32_t>(content.size());
        e.crc = crc32_of(content);
        const std::uint32_t inline_max = std::min<std::uint32_t>(block_size_ / 4, 1024);
        e.inlined = content.size() <= inline_max;
        if (e.inlined) {
            e.data.assign(content.begin(), content.end());
        } else {
            std::vector<std::uint8_t> chunk;
            for (std::size_t at = 0; at < content.size(); at += block_size_) {
                const std::size_t n = std::min<std::size_t>(block_size_, content.size() - at);
                chunk.assign(content.begin() + static_cast<std::ptrdiff_t>(at),
                             content.begin() + static_cast<std::ptrdiff_t>(at + n));
                chunk.resize(align_up(static_cast<std::uint32_t>(n), prog_), 0xFF);
                const std::uint32_t b = allocate();
                device_->erase(b);
                device_->prog(b, 0, chunk);
                e.blocks.push_back(b);
            }
        }
        const std::size_t pair = existing ? existing->pair : pair_for_new(e);
        commit(pair, commit_records(std::move(e)));
    });
}

void Filesystem::mkdir(std::string_view path) {
    mutate([&] {
        auto [parent, name] = resolve_parent(path);
        if (lookup_child(parent, name))
            throw FsError(FsErrc::exists, "'" + std::string(path) + "' exists");
        Entry e;
        e.ino = allocate_ino();
        e.parent = parent;
        e.seq = next_seq();
        e.kind = EntryKind::dir;
        e.name = name;
        const std::size_t pair = pair_for_new(e);
        commit(pair, commit_records(std::move(e)));
    });
}

void Filesystem::remove(std::string_view path) {
    mutate([&] {
        const auto [parent, name] = resolve_parent(path);
        const auto loc = lookup_child(parent, name);
        if (!loc) throw FsError(FsErrc::not_found, "'" + std::string(path) + "': no such file");
        const std::uint16_t ino = loc->entry->ino;
        if (loc->entry->kind == EntryKind::dir) {
            auto it = names_.lower_bound(std::make_pair(ino, std::string()));
            if (it != names_.end() && it->first.first == ino)
                throw FsError(FsErrc::not_empty, "'" + std::string(path) + "' is not empty");
        }
        commit(loc->pair, commit_records(Remove{ino}));
    });
}

void Filesystem::rename(std::string_view from, std::string_view to) {
    mutate([&] {
        const auto [src_parent, src_name] = resolve_parent(from);
        const auto src = lookup_child(src_parent, src_name);
        if (!src) throw FsError(FsErrc::not_found, "'" + std::string(from) + "': no such file");
        const auto [dst_parent, dst_name] = resolve_parent(to);
        if (src_parent == dst_parent && src_name == dst_name) return;
        // A directory cannot move below itself.
        for (std::uint16_t d = dst_parent; d != kRootIno;) {
            if (d == src->entry->ino)
                throw FsError(FsErrc::invalid, "cannot move '" + std::string(from) +
                                                   "' into itself ('" + std::string(to) + "')");
            d = entry_of(d).parent;
        }
        const auto dst = lookup_child(dst_parent, dst_name);
        if (dst) {
            if (dst->entry->kind == EntryKind::dir && src->entry->kind != EntryKind::dir)
                throw FsError(FsErrc::is_dir, "'" + std::string(to) + "' is a directory");
            if (dst->entry->kind != EntryKind::dir && src->entry->kind == EntryKind::dir)
                throw FsError(FsErrc::not_dir, "'" + std::string(to) + "' is not a directory");
            if (dst->entry->kind == EntryKind::dir) {
                auto it = names_.lower_bound(std::make_pair(dst->entry->ino, std::string()));
                if (it != names_.end() && it->first.first == dst->entry->ino)
                    throw FsError(FsErrc::not_empty, "'" + std::string(to) + "' is not empty");
            }
        }
        Entry moved = *src->entry;
        moved.parent = dst_parent;
        moved.name = dst_name;
        moved.seq = next_seq();
        if (!dst) {
            commit(src->pair, commit_records(std::move(moved)));
        } else if (dst->pair == src->pair) {
            commit(src->pair, commit_records(Remove{dst->entry->ino}, std::move(moved)));
        } else {
            // Two commits: until the second lands, both entries carry the name and the newer
            // sequence number (the moved one) wins at mount.
            const std::uint16_t dst_ino = dst->entry->ino;
            commit(src->pair, commit_records(std::move(moved)));
            // A split of the source pair may have shifted the destination pair's index.
            std::size_t pair = 0;
            while (!pairs_[pair].state.entries.count(dst_ino))
                ++pair;
            commit(pair, commit_records(Remove{dst_ino}));
        }
    });
}

}  // namespace nk3::fs
