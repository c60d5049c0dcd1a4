#include "fs/fsck.hpp"

#include <optional>

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
        fs.emplace(Filesystem::mount(device, config));
    } catch (const FsError& e) {
        report.errors.push_back(e.what());
        return report;
    }
    report.mounted = true;

    try {
        const std::vector<std::uint32_t> used = fs->used_blocks();
        if (!used.empty() && used.back() >= device.block_count())
            report.errors.push_back("littlefs refers to block " + std::to_string(used.back()) +
                                    ", outside the " + std::to_string(device.block_count()) +
                                    "-block device");
    } catch (const FsError& e) {
        report.errors.push_back(std::string("traverse: ") + e.what());
    }
    try {
        fs->free_blocks();
    } catch (const FsError& e) {
        report.errors.push_back(e.what());
    }
    // Walk the tree by hand so that one unreadable directory or file is one error, not the end.
    std::vector<std::string> dirs{"/"};
    while (!dirs.empty()) {
        const std::string dir = dirs.back();
        dirs.pop_back();
        std::vector<DirEntry> entries;
        try {
            entries = fs->list(dir);
        } catch (const FsError& e) {
            report.errors.push_back("directory '" + dir + "': " + e.what());
            continue;
        }
        for (const DirEntry& e : entries) {
            const std::string path = (dir == "/" ? "" : dir) + "/" + e.name;
            if (e.kind == EntryKind::dir) {
                dirs.push_back(path);
                continue;
            }
            try {
                const auto content = fs->read_file(path);
                if (content.size() != e.size)
                    report.errors.push_back("file '" + path + "': read " +
                                            std::to_string(content.size()) + " of " +
                                            std::to_string(e.size) + " bytes");
            } catch (const FsError& err) {
                report.errors.push_back("file '" + path + "': " + err.what());
            }
        }
    }
    return report;
}

}  // namespace nk3::fs
