// The state directory of `sim serve`: loading and atomically saving the flash images.

#include "harness/sim/state_dir.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

namespace nk3::sim {

namespace fs = std::filesystem;

namespace {

constexpr const char* kImages[] = {"internal.img", "external.img"};
constexpr const char* kSavingDir = ".saving";

std::string quoted(const fs::path& p) {
    return p.string();
}

}  // namespace

StateDir::StateDir(fs::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    if (fs::exists(dir_, ec)) {
        if (!fs::is_directory(dir_, ec))
            throw StateDirError("state directory " + quoted(dir_) + " is not a directory");
    } else {
        fs::create_directories(dir_, ec);
        if (ec)
            throw StateDirError("cannot create state directory " + quoted(dir_) + ": " +
                                ec.message());
        // Owner-only: the images hold the PIN hash and the attestation private key.
        fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace, ec);
        if (ec)
            throw StateDirError("cannot make state directory " + quoted(dir_) +
                                " owner-only: " + ec.message());
    }
    if (::access(dir_.c_str(), R_OK | W_OK | X_OK) != 0)
        throw StateDirError("state directory " + quoted(dir_) +
                            " is not readable and writable: " + std::strerror(errno));
    for (const char* name : kImages) {
        const fs::path image = dir_ / name;
        const fs::file_status st = fs::symlink_status(image, ec);
        if (st.type() == fs::file_type::not_found) continue;
        if (!fs::is_regular_file(image, ec))
            throw StateDirError(quoted(image) + " is not a regular file (" +
                                (fs::is_directory(image, ec) ? "a directory" : "not a file") +
                                "): remove it to start a factory-fresh key");
    }
    const bool internal = fs::exists(dir_ / kImages[0], ec);
    const bool external = fs::exists(dir_ / kImages[1], ec);
    if (internal != external)
        throw StateDirError("state directory " + quoted(dir_) + " holds " +
                            (internal ? kImages[0] : kImages[1]) + " but not " +
                            (internal ? kImages[1] : kImages[0]) +
                            ": remove it to start a factory-fresh key");
    has_images_ = internal;
}

std::uint64_t StateDir::fingerprint() const {
    if (!has_images_) return 0;
    std::ifstream in(dir_ / kImages[0], std::ios::binary);
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::istreambuf_iterator<char> it(in), end; it != end; ++it) {
        h ^= static_cast<unsigned char>(*it);
        h *= 0x100000001b3ULL;
    }
    return h;
}

void StateDir::load(device::VirtualNk3& key) {
    for (const char* name : kImages) {
        std::ifstream probe(dir_ / name, std::ios::binary);
        if (!probe) throw StateDirError("cannot read flash image " + quoted(dir_ / name));
    }
    try {
        key.load_images(dir_);
    } catch (const std::exception& e) {
        throw StateDirError("bad flash image in " + quoted(dir_) + ": " + e.what());
    }
}

bool StateDir::save_if_changed(device::VirtualNk3& key) {
    if (saved_op_index_ == key.power_domain().next_index()) return false;
    save(key);
    return true;
}

void StateDir::save(device::VirtualNk3& key) {
    const std::uint64_t op_index = key.power_domain().next_index();
    const fs::path saving = dir_ / kSavingDir;
    std::error_code ec;
    fs::create_directories(saving, ec);
    if (ec) throw StateDirError("cannot create " + quoted(saving) + ": " + ec.message());
    try {
        key.save_images(saving);
    } catch (const std::exception& e) {
        throw StateDirError("cannot save flash images to " + quoted(saving) + ": " + e.what());
    }
    for (const char* name : kImages) {
        fs::rename(saving / name, dir_ / name, ec);
        if (ec)
            throw StateDirError("cannot move " + quoted(saving / name) +
                                " into place: " + ec.message());
    }
    has_images_ = true;
    saved_op_index_ = op_index;
    ++saves_;
}

void StateDir::write_ca_pem(const std::string& pem) const {
    const fs::path tmp = dir_ / "ca.pem.tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << pem;
        out.flush();
        if (!out) throw StateDirError("cannot write " + quoted(tmp));
    }
    std::error_code ec;
    fs::rename(tmp, dir_ / "ca.pem", ec);
    if (ec) throw StateDirError("cannot write " + quoted(dir_ / "ca.pem") + ": " + ec.message());
}

}  // namespace nk3::sim
