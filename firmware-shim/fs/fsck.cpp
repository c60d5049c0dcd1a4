#include "fs/fsck.hpp"

#include <map>
#include <set>
#include <string_view>

#include "fs/filesystem.hpp"

namespace nk3::fs {

std::string FsckReport::summary() const {
    if (ok()) return "ok";
    std::string s = errors.empty() ? "does not mount" : errors.front();
    if (errors.size() > 1) s += " (+" + std::to_string(errors.size() - 1) + " more)";
    return s;
}

FsckReport fsck(ftl::BlockDevice& device, const FsConfig& config) {
    FsckReport report;
    std::optional<Filesystem> fs;
    try {
        fs.emplace(Filesystem::mount(device, config, MountOptions{.repair = false}));
    } catch (const FsError& e) {
        report.errors.push_back(e.what());
        return report;
    }
    report.mounted = true;
    report.notes = fs->mount_notes();

    const std::uint32_t count = device.block_count();
    const auto pairs = fs->pairs();
    // Who claimed a block first: a pair, or the entry of an inode. Named only in an error
    // message, so the name is built only then.
    struct Owner {
        const Filesystem::PairView* pair = nullptr;
        const Entry* entry = nullptr;
        std::uint16_t ino = 0;
        std::string name() const {
            if (pair)
                return "pair {" + std::to_string(pair->blocks[0]) + ", " +
                       std::to_string(pair->blocks[1]) + "}";
            return "file '" + entry->name + "' (inode " + std::to_string(ino) + ")";
        }
    };
    std::vector<Owner> owner(count);  // by block; neither pair nor entry while unclaimed
    auto claim = [&](std::uint32_t block, const Owner& who) {
        if (block >= count) {
            report.errors.push_back(who.name() + " refers to block " + std::to_string(block) +
                                    ", outside the " + std::to_string(count) + "-block device");
            return;
        }
        Owner& first = owner[block];
        if (!first.pair && !first.entry)
            first = who;
        else
            report.errors.push_back("block " + std::to_string(block) + " belongs to both " +
                                    first.name() + " and " + who.name());
    };

    // Winner per inode and per (parent, name), as mount resolves collisions.
    std::map<std::uint16_t, const Entry*> by_ino;
    for (const auto& pair : pairs) {
        claim(pair.blocks[0], Owner{.pair = &pair});
        claim(pair.blocks[1], Owner{.pair = &pair});
        for (const auto& [ino, e] : pair.state->entries) {
            auto [it, fresh] = by_ino.emplace(ino, &e);
            if (!fresh) {
                report.notes.push_back("inode " + std::to_string(ino) +
                                       " is in two metadata pairs; the newer copy wins");
                if (e.seq > it->second->seq) it->second = &e;
            }
        }
    }
    std::set<std::pair<std::uint16_t, std::string_view>> by_name;
    for (const auto& [ino, e] : by_ino) {
        if (!by_name.emplace(e->parent, e->name).second)
            report.notes.push_back("two entries are named '" + e->name +
                                   "' in one directory (an interrupted rename); the newer wins");
    }
    for (const auto& pair : pairs)
        for (const auto& [ino, e] : pair.state->entries)
            for (auto b : e.blocks)
                claim(b, Owner{.entry = &e, .ino = ino});

    for (const auto& [ino, e] : by_ino) {
        if (e->name.empty() || e->name.size() > config.name_max)
            report.errors.push_back("inode " + std::to_string(ino) + " has an invalid name");
        // Walk up to the root; a missing parent or a loop makes the entry unreachable.
        std::set<std::uint16_t> seen{ino};
        std::uint16_t p = e->parent;
        while (p != kRootIno) {
            auto it = by_ino.find(p);
            if (it == by_ino.end()) {
                report.errors.push_back("'" + e->name + "' (inode " + std::to_string(ino) +
                                        ") lives in directory inode " + std::to_string(p) +
                                        ", which does not exist");
                break;
            }
            if (it->second->kind != EntryKind::dir) {
                report.errors.push_back("'" + e->name + "' lives in '" + it->second->name +
                                        "', which is a file");
                break;
            }
            if (!seen.insert(p).second) {
                report.errors.push_back("'" + e->name + "' is in a directory loop");
                break;
            }
            p = it->second->parent;
        }
    }
    for (const auto& path : fs->corrupt_files())
        report.errors.push_back("file '" + path + "' fails its checksum");
    return report;
}

}  // namespace nk3::fs
