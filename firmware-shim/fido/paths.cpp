// File names of the FIDO application and small filesystem helpers.

#include "fido/paths.hpp"

#include "crypto/sha.hpp"
#include "fido/file_ops.hpp"

namespace nk3::fido::paths {

std::string hex(crypto::ByteView bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0x0F]);
    }
    return out;
}

std::string key_file(crypto::ByteView key_id) {
    return std::string(kSec) + "/" + hex(key_id);
}

std::string rk_dir(RkLayout layout, crypto::ByteView rp_id_hash) {
    if (layout == RkLayout::flat) return std::string(kRk);
    return std::string(kRk) + "/" + hex(rp_id_hash.first(8));
}

std::string rk_file(RkLayout layout, crypto::ByteView rp_id_hash, crypto::ByteView credential_id) {
    const auto id_hash = crypto::sha256(credential_id);
    if (layout == RkLayout::flat)
        return std::string(kRk) + "/" + hex(rp_id_hash.first(4)) + "." +
               hex(crypto::ByteView(id_hash).first(4));
    return rk_dir(layout, rp_id_hash) + "/" + hex(crypto::ByteView(id_hash).first(8));
}

void ensure_dir(fs::Filesystem& fs, std::string_view dir) {
    std::size_t pos = 0;
    while (pos != std::string_view::npos) {
        pos = dir.find('/', pos + 1);
        const auto prefix = dir.substr(0, pos);
        if (!fs.exists(prefix)) file_ops::mkdir(fs, prefix);
    }
}

std::optional<crypto::Bytes> read_if_present(const fs::Filesystem& fs, std::string_view path) {
    try {
        if (!fs.exists(path)) return std::nullopt;
        return fs.read_file(path);
    } catch (const fs::FsError&) {
        return std::nullopt;
    }
}

void remove_dir_all_where(fs::Filesystem& fs, const std::string& dir,
                          const std::function<bool(const std::string& name)>& predicate) {
    if (!fs.exists(dir)) return;
    bool skipped_any = false;
    for (const auto& e : fs.list(dir)) {
        const auto path = dir + "/" + e.name;
        if (e.kind == fs::EntryKind::file) {
            if (predicate(e.name))
                file_ops::remove(fs, path);
            else
                skipped_any = true;
        } else {
            remove_dir_all_where(fs, path, predicate);
        }
    }
    if (!skipped_any) file_ops::remove(fs, dir);
}

void remove_if_present(fs::Filesystem& fs, std::string_view path) {
    if (fs.exists(path)) file_ops::remove(fs, path);
}

}  // namespace nk3::fido::paths
