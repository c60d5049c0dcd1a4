// nk3::fs::Filesystem over the real littlefs (nk3-shim's C ABI, include/nk3_littlefs.h). The
// device callbacks run inside littlefs's C code: they must not throw, so they park the device's
// exception (a power cut) and fail every later call of the operation; call() rethrows it once
// littlefs has returned.

#include "fs/filesystem.hpp"

#include <nk3_littlefs.h>

#include <algorithm>
#include <exception>
#include <new>

#include "ftl/block_device.hpp"

namespace nk3::fs {

namespace {

std::string version_text(std::uint32_t v) {
    return std::to_string(v >> 16) + "." + std::to_string(v & 0xFFFF);
}

FsErrc errc_of(int rc) {
    switch (rc) {
        case NK3LFS_ERR_NOENT:
            return FsErrc::not_found;
        case NK3LFS_ERR_EXIST:
            return FsErrc::exists;
        case NK3LFS_ERR_NOTDIR:
            return FsErrc::not_dir;
        case NK3LFS_ERR_ISDIR:
            return FsErrc::is_dir;
        case NK3LFS_ERR_NOTEMPTY:
            return FsErrc::not_empty;
        case NK3LFS_ERR_NAMETOOLONG:
            return FsErrc::name_too_long;
        case NK3LFS_ERR_INVAL:
        case NK3LFS_ERR_BADF:
            return FsErrc::invalid;
        case NK3LFS_ERR_NOSPC:
            return FsErrc::no_space;
        case NK3LFS_ERR_FBIG:
            return FsErrc::file_too_large;
        case NK3LFS_ERR_CORRUPT:
            return FsErrc::corrupt;
        case NK3LFS_ERR_IO:
            return FsErrc::io;
        default:
            return FsErrc::internal;
    }
}

std::string lfs_name(int rc) {
    switch (rc) {
        case NK3LFS_ERR_IO:
            return "LFS_ERR_IO";
        case NK3LFS_ERR_CORRUPT:
            return "LFS_ERR_CORRUPT";
        case NK3LFS_ERR_NOENT:
            return "LFS_ERR_NOENT";
        case NK3LFS_ERR_EXIST:
            return "LFS_ERR_EXIST";
        case NK3LFS_ERR_NOTDIR:
            return "LFS_ERR_NOTDIR";
        case NK3LFS_ERR_ISDIR:
            return "LFS_ERR_ISDIR";
        case NK3LFS_ERR_NOTEMPTY:
            return "LFS_ERR_NOTEMPTY";
        case NK3LFS_ERR_INVAL:
            return "LFS_ERR_INVAL";
        case NK3LFS_ERR_NOSPC:
            return "LFS_ERR_NOSPC";
        case NK3LFS_ERR_FBIG:
            return "LFS_ERR_FBIG";
        case NK3LFS_ERR_NAMETOOLONG:
            return "LFS_ERR_NAMETOOLONG";
        case NK3LFS_ERR_PANIC:
            return "panic in the littlefs glue";
        default:
            return "littlefs error " + std::to_string(rc);
    }
}

[[noreturn]] void fail(int rc, std::string_view what, std::string_view path) {
    std::string message = "littlefs: " + std::string(what);
    if (!path.empty()) message += " '" + std::string(path) + "'";
    message += ": " + lfs_name(rc);
    throw FsError(errc_of(rc), message);
}

// littlefs takes NUL-terminated paths; "" and "/" are the root.
std::string c_path(std::string_view path) {
    return path.empty() ? std::string("/") : std::string(path);
}

std::string join(std::string_view dir, std::string_view name) {
    std::string out(dir);
    if (out.empty() || out.back() != '/') out += '/';
    out += name;
    return out;
}

}  // namespace

std::string littlefs_version() {
    return version_text(nk3lfs_version());
}

std::string littlefs_disk_version() {
    return version_text(nk3lfs_disk_version());
}

struct Filesystem::Glue {
    ftl::BlockDevice* device = nullptr;
    nk3lfs* lfs = nullptr;
    std::exception_ptr pending;  // the device's exception, caught inside littlefs
    bool broken = false;         // a device exception interrupted an operation

    Glue() = default;
    Glue(const Glue&) = delete;
    Glue& operator=(const Glue&) = delete;
    ~Glue() { nk3lfs_free(lfs); }

    nk3lfs_device callbacks() { return {this, &read_cb, &prog_cb, &erase_cb}; }

    template <typename F>
    static int guard(void* context, F&& f) noexcept {
        auto* glue = static_cast<Glue*>(context);
        if (glue->pending) return NK3LFS_ERR_IO;  // the power is gone: nothing more happens
        try {
            f(*glue->device);
            return 0;
        } catch (...) {
            glue->pending = std::current_exception();
            return NK3LFS_ERR_IO;
        }
    }
    static int read_cb(void* context, std::uint32_t block, std::uint32_t offset,
                       std::uint8_t* buffer, std::uint32_t size) {
        return guard(context, [&](ftl::BlockDevice& d) { d.read(block, offset, {buffer, size}); });
    }
    static int prog_cb(void* context, std::uint32_t block, std::uint32_t offset,
                       const std::uint8_t* buffer, std::uint32_t size) {
        return guard(context, [&](ftl::BlockDevice& d) { d.prog(block, offset, {buffer, size}); });
    }
    static int erase_cb(void* context, std::uint32_t block) {
        return guard(context, [&](ftl::BlockDevice& d) { d.erase(block); });
    }

    // Runs one glue call; rethrows what the device threw inside it.
    template <typename F>
    int call(F&& f) {
        if (broken)
            throw FsError(FsErrc::not_mounted,
                          "littlefs: an earlier operation was interrupted; mount again");
        pending = nullptr;
        const int rc = f(lfs);
        if (pending) {
            broken = true;
            std::exception_ptr e = pending;
            pending = nullptr;
            std::rethrow_exception(e);
        }
        return rc;
    }
};

FsConfig Filesystem::resolve(const ftl::BlockDevice& device, const FsConfig& config) {
    FsConfig c = config;
    if (c.read_size == 0) c.read_size = device.prog_size();
    if (c.prog_size == 0) c.prog_size = device.prog_size();
    if (c.cache_size == 0) c.cache_size = std::max(c.read_size, c.prog_size);
    return c;
}

Filesystem::Filesystem(ftl::BlockDevice& device, const FsConfig& config)
    : glue_(std::make_unique<Glue>()), config_(resolve(device, config)) {
    glue_->device = &device;
    const nk3lfs_config c{
        .read_size = config_.read_size,
        .prog_size = config_.prog_size,
        .block_size = device.block_size(),
        .block_count = device.block_count(),
        .block_cycles = config_.block_cycles,
        .cache_size = config_.cache_size,
        .lookahead_size = config_.lookahead_size,
        .name_max = config_.name_max,
    };
    const nk3lfs_device d = glue_->callbacks();
    glue_->lfs = nk3lfs_new(&c, &d);
    if (glue_->lfs == nullptr)
        throw FsError(
            FsErrc::invalid,
            "littlefs: configuration refused (read " + std::to_string(c.read_size) + ", prog " +
                std::to_string(c.prog_size) + ", cache " + std::to_string(c.cache_size) +
                ", lookahead " + std::to_string(c.lookahead_size) + ", block " +
                std::to_string(c.block_size) + " x " + std::to_string(c.block_count) + ")");
}

Filesystem::Filesystem(const Filesystem& other)
    : glue_(std::make_unique<Glue>()), config_(other.config_) {
    glue_->device = other.glue_->device;
    glue_->broken = other.glue_->broken;
    glue_->lfs = nk3lfs_clone(other.glue_->lfs);
    if (glue_->lfs == nullptr) throw std::bad_alloc();
    const nk3lfs_device d = glue_->callbacks();
    nk3lfs_set_device(glue_->lfs, &d);
}

Filesystem& Filesystem::operator=(const Filesystem& other) {
    if (this != &other) *this = Filesystem(other);
    return *this;
}

Filesystem::Filesystem(Filesystem&&) noexcept = default;
Filesystem& Filesystem::operator=(Filesystem&&) noexcept = default;
Filesystem::~Filesystem() = default;

void Filesystem::rebind(ftl::BlockDevice& device) {
    glue_->device = &device;
}

ftl::BlockDevice& Filesystem::device() const {
    return *glue_->device;
}

void Filesystem::format(ftl::BlockDevice& device, const FsConfig& config) {
    Filesystem fs(device, config);
    const int rc = fs.glue_->call([](nk3lfs* l) { return nk3lfs_format(l); });
    if (rc < 0) fail(rc, "format", "");
}

Filesystem Filesystem::mount(ftl::BlockDevice& device, const FsConfig& config) {
    Filesystem fs(device, config);
    const int rc = fs.glue_->call([](nk3lfs* l) { return nk3lfs_mount(l); });
    if (rc < 0) fail(rc, "mount", "");
    return fs;
}

bool Filesystem::mountable(ftl::BlockDevice& device, const FsConfig& config) {
    try {
        Filesystem fs = mount(device, config);
        fs.glue_->call([](nk3lfs* l) { return nk3lfs_unmount(l); });
        return true;
    } catch (const FsError&) {
        return false;
    }
}

std::vector<std::uint8_t> Filesystem::read_file(std::string_view path) const {
    const std::string p = c_path(path);
    // One open for size and content when the file fits the first guess (the FIDO files do);
    // a larger file is read again into a buffer of its size.
    std::vector<std::uint8_t> out(4096);
    for (;;) {
        std::uint32_t size = 0;
        const int rc = glue_->call([&](nk3lfs* l) {
            return nk3lfs_read_file_sized(l, p.c_str(), out.data(),
                                          static_cast<std::uint32_t>(out.size()), &size);
        });
        if (rc < 0) fail(rc, "read", path);
        if (size <= out.size()) {
            out.resize(static_cast<std::size_t>(rc));
            return out;
        }
        out.resize(size);
    }
}

void Filesystem::write_file(std::string_view path, std::span<const std::uint8_t> content) {
    const std::string p = c_path(path);
    const int rc = glue_->call([&](nk3lfs* l) {
        return nk3lfs_write_file(l, p.c_str(), content.data(),
                                 static_cast<std::uint32_t>(content.size()));
    });
    if (rc < 0) fail(rc, "write", path);
}

void Filesystem::mkdir(std::string_view path) {
    const std::string p = c_path(path);
    const int rc = glue_->call([&](nk3lfs* l) { return nk3lfs_mkdir(l, p.c_str()); });
    if (rc < 0) fail(rc, "mkdir", path);
}

void Filesystem::remove(std::string_view path) {
    const std::string p = c_path(path);
    const int rc = glue_->call([&](nk3lfs* l) { return nk3lfs_remove(l, p.c_str()); });
    if (rc < 0) fail(rc, "remove", path);
}

void Filesystem::rename(std::string_view from, std::string_view to) {
    const std::string f = c_path(from), t = c_path(to);
    const int rc = glue_->call([&](nk3lfs* l) { return nk3lfs_rename(l, f.c_str(), t.c_str()); });
    if (rc < 0) fail(rc, "rename", from);
}

bool Filesystem::exists(std::string_view path) const {
    const std::string p = c_path(path);
    const int rc =
        glue_->call([&](nk3lfs* l) { return nk3lfs_stat(l, p.c_str(), nullptr, nullptr); });
    if (rc == NK3LFS_ERR_NOENT) return false;
    if (rc < 0) fail(rc, "stat", path);
    return true;
}

Stat Filesystem::stat(std::string_view path) const {
    const std::string p = c_path(path);
    std::uint8_t type = 0;
    std::uint32_t size = 0;
    const int rc = glue_->call([&](nk3lfs* l) { return nk3lfs_stat(l, p.c_str(), &type, &size); });
    if (rc < 0) fail(rc, "stat", path);
    if (type == NK3LFS_TYPE_DIR) return {EntryKind::dir, 0};
    return {EntryKind::file, size};
}

std::vector<DirEntry> Filesystem::list(std::string_view path) const {
    const std::string p = c_path(path);
    std::vector<DirEntry> out;
    auto visit = [](void* context, const char* name, std::uint8_t type,
                    std::uint32_t size) noexcept -> int {
        auto* entries = static_cast<std::vector<DirEntry>*>(context);
        try {
            entries->push_back(type == NK3LFS_TYPE_DIR ? DirEntry{name, EntryKind::dir, 0}
                                                       : DirEntry{name, EntryKind::file, size});
            return 0;
        } catch (...) {
            return NK3LFS_ERR_NOMEM;
        }
    };
    const int rc = glue_->call([&](nk3lfs* l) { return nk3lfs_list(l, p.c_str(), visit, &out); });
    if (rc < 0) fail(rc, "list", path);
    return out;
}

Tree Filesystem::tree() const {
    Tree tree;
    std::vector<std::string> dirs{"/"};
    while (!dirs.empty()) {
        const std::string dir = dirs.back();
        dirs.pop_back();
        for (const DirEntry& e : list(dir)) {
            const std::string path = join(dir, e.name);
            if (e.kind == EntryKind::dir) {
                tree.nodes.emplace(path, std::nullopt);
                dirs.push_back(path);
                continue;
            }
            try {
                tree.nodes.emplace(path, read_file(path));
            } catch (const FsError& err) {
                if (err.code() != FsErrc::corrupt) throw;
                tree.corrupt.push_back(path);
            }
        }
    }
    std::sort(tree.corrupt.begin(), tree.corrupt.end());
    return tree;
}

std::vector<std::string> Filesystem::corrupt_files() const {
    return tree().corrupt;
}

std::vector<std::uint32_t> Filesystem::used_blocks() const {
    std::vector<std::uint32_t> blocks;
    auto visit = [](void* context, std::uint32_t block) noexcept -> int {
        try {
            static_cast<std::vector<std::uint32_t>*>(context)->push_back(block);
            return 0;
        } catch (...) {
            return NK3LFS_ERR_NOMEM;
        }
    };
    const int rc = glue_->call([&](nk3lfs* l) { return nk3lfs_traverse(l, visit, &blocks); });
    if (rc < 0) fail(rc, "traverse", "");
    std::sort(blocks.begin(), blocks.end());
    blocks.erase(std::unique(blocks.begin(), blocks.end()), blocks.end());
    return blocks;
}

std::uint32_t Filesystem::block_count() const {
    return glue_->device->block_count();
}

std::uint32_t Filesystem::free_blocks() const {
    const int used = glue_->call([](nk3lfs* l) { return nk3lfs_fs_size(l); });
    if (used < 0) fail(used, "fs_size", "");
    const std::uint32_t count = block_count();
    return count > static_cast<std::uint32_t>(used) ? count - static_cast<std::uint32_t>(used) : 0;
}

std::uint32_t Filesystem::max_file_size() const {
    return 2147483647u;  // LFS_FILE_MAX: littlefs bounds a file by the free blocks alone
}

}  // namespace nk3::fs
