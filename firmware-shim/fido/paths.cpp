// File names of the FIDO application and small filesystem helpers.

#include "fido/paths.hpp"

#include "crypto/sha.hpp"

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

std::string rk_name(crypto::ByteView rp_id_hash, crypto::ByteView credential_id) {
    const auto id_hash = crypto::sha256(credential_id);
    return hex(rp_id_hash.first(4)) + "." + hex(crypto::ByteView(id_hash).first(4));
}

std::string rk_file(crypto::ByteView rp_id_hash, crypto::ByteView credential_id) {
    return std::string(kRk) + "/" + rk_name(rp_id_hash, credential_id);
}

void ensure_dir(fs::Filesystem& fs, std::string_view dir) {
    std::size_t pos = 0;
    while (pos != std::string_view::npos) {
        pos = dir.find('/', pos + 1);
        const auto prefix = dir.substr(0, pos);
        if (!fs.exists(prefix)) fs.mkdir(prefix);
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

void remove_if_present(fs::Filesystem& fs, std::string_view path) {
    if (fs.exists(path)) fs.remove(path);
}

}  // namespace nk3::fido::paths
