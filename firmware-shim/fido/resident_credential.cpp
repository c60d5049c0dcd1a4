// Resident credential files: CBOR encoding and their directory fido/dat/rk.

#include "fido/resident_credential.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "cbor/cbor_error.hpp"
#include "cbor/decode.hpp"
#include "cbor/encode.hpp"
#include "cbor/request_map.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/sha.hpp"
#include "fido/ctap_status.hpp"
#include "fido/file_ops.hpp"
#include "fido/key_file.hpp"
#include "fido/paths.hpp"

namespace nk3::fido {

crypto::Bytes ResidentCredential::rp_id_hash() const {
    return crypto::sha256(crypto::as_bytes(rp_id));
}

std::string ResidentCredential::path(RkLayout layout) const {
    return paths::rk_file(layout, rp_id_hash(), id);
}

crypto::Bytes encode_resident(const ResidentCredential& rk) {
    cbor::Value::Map m;
    m.reserve(10);  // every key the map can hold
    m.push_back({1, rk.id});
    m.push_back({2, rk.rp_id});
    m.push_back({3, rk.user_id});
    if (rk.user_name) m.push_back({4, *rk.user_name});
    if (rk.display_name) m.push_back({5, *rk.display_name});
    m.push_back({6, static_cast<int>(rk.alg)});
    m.push_back({7, rk.key_id});
    m.push_back({8, static_cast<int>(rk.cred_protect)});
    m.push_back({9, rk.hmac_secret});
    m.push_back({10, rk.created});
    return cbor::encode(cbor::Value(std::move(m)));
}

std::optional<ResidentCredential> decode_resident(crypto::ByteView content) {
    try {
        const auto v = cbor::decode(content);
        cbor::IntKeyMap m(v);
        ResidentCredential rk;
        rk.id = m.require(1).as_bytes();
        rk.rp_id = m.require(2).as_text();
        rk.user_id = m.require(3).as_bytes();
        if (const auto* s = m.text(4)) rk.user_name = *s;
        if (const auto* s = m.text(5)) rk.display_name = *s;
        const auto alg = alg_from_cose(m.require(6).as_int());
        if (!alg) return std::nullopt;
        rk.alg = *alg;
        rk.key_id = m.require(7).as_bytes();
        const auto cp = m.require(8).as_uint();
        if (cp < 1 || cp > 3) return std::nullopt;
        rk.cred_protect = static_cast<std::uint8_t>(cp);
        rk.hmac_secret = m.require(9).as_bool();
        rk.created = m.require(10).as_uint();
        if (!is_resident_id(rk.id) || rk.key_id.empty()) return std::nullopt;
        return rk;
    } catch (const cbor::CborError&) {
        return std::nullopt;
    }
}

bool is_resident_id(crypto::ByteView id) {
    return id.size() == kResidentIdSize && id[0] == kResidentIdPrefix;
}

namespace {

// What one resident file's content decodes to.
struct DecodedResident {
    std::optional<ResidentCredential> rk;  // std::nullopt when malformed
    crypto::Bytes rp_id_hash;              // of rk, when present
    std::string path;                      // rk->path(layout), when present
};

// Listing decodes every resident file and hashes its ids again at each getInfo, credential
// management call and discoverable assertion, although the files rarely change. The calling
// thread keeps what each content decoded to, keyed on the content bytes themselves (the files
// are still read and checksummed every time): a changed, restored or torn file is another key,
// so no snapshot or cut can make an entry stale. Bounded: emptied when it is full.
const DecodedResident& decode_cached(const crypto::Bytes& content, RkLayout layout) {
    constexpr std::size_t kCapacity = 256;
    thread_local std::unordered_map<std::string, DecodedResident> cache;
    std::string key(content.begin(), content.end());
    key.push_back(static_cast<char>(layout));
    if (const auto it = cache.find(key); it != cache.end()) return it->second;
    DecodedResident d;
    d.rk = decode_resident(content);
    if (d.rk) {
        d.rp_id_hash = d.rk->rp_id_hash();
        d.path = paths::rk_file(layout, d.rp_id_hash, d.rk->id);
    }
    if (cache.size() >= kCapacity) cache.clear();
    return cache.emplace(std::move(key), std::move(d)).first->second;
}

// Calls f(rk) for every well-formed resident credential stored under its own name in `dir`
// whose file name passes `name_ok`, in directory order.
template <typename NameOk, typename F>
void for_each_in(const fs::Filesystem& fs, RkLayout layout, const std::string& dir,
                 NameOk&& name_ok, F&& f) {
    if (!fs.exists(dir)) return;
    for (const auto& e : fs.list(dir)) {
        if (e.kind != fs::EntryKind::file || !name_ok(e.name)) continue;
        const auto path = dir + "/" + e.name;
        const auto content = paths::read_if_present(fs, path);
        if (!content) continue;
        const DecodedResident& d = decode_cached(*content, layout);
        // A file whose name does not match its content is not ours to trust.
        if (d.rk && d.path == path) f(d);
    }
}

// Every resident credential: flat, the files of fido/dat/rk; per_rp, those of each directory
// in it.
template <typename F>
void for_each_resident(const fs::Filesystem& fs, RkLayout layout, F&& f) {
    const auto any = [](const std::string&) { return true; };
    const std::string rk(paths::kRk);
    if (layout == RkLayout::flat) return for_each_in(fs, layout, rk, any, f);
    if (!fs.exists(rk)) return;
    for (const auto& e : fs.list(rk))
        if (e.kind == fs::EntryKind::dir) for_each_in(fs, layout, rk + "/" + e.name, any, f);
}

}  // namespace

std::vector<ResidentCredential> list_residents(const fs::Filesystem& fs, RkLayout layout) {
    std::vector<ResidentCredential> out;
    for_each_resident(fs, layout, [&](const DecodedResident& d) { out.push_back(*d.rk); });
    return out;
}

std::size_t count_residents(const fs::Filesystem& fs, RkLayout layout) {
    std::size_t n = 0;
    for_each_resident(fs, layout, [&](const DecodedResident&) { ++n; });
    return n;
}

std::vector<ResidentCredential> residents_for(const fs::Filesystem& fs, RkLayout layout,
                                              crypto::ByteView rp_id_hash) {
    std::vector<ResidentCredential> out;
    const crypto::Bytes want(rp_id_hash.begin(), rp_id_hash.end());
    if (want.size() != 32) return out;
    const auto prefix = layout == RkLayout::flat ? paths::hex(rp_id_hash.first(4)) + "." : "";
    for_each_in(
        fs, layout, paths::rk_dir(layout, rp_id_hash),
        [&](const std::string& name) { return name.rfind(prefix, 0) == 0; },
        [&](const DecodedResident& d) {
            if (d.rp_id_hash == want) out.push_back(*d.rk);
        });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        if (a.created != b.created) return a.created > b.created;
        return a.id > b.id;
    });
    return out;
}

std::optional<ResidentCredential> find_resident(const fs::Filesystem& fs, RkLayout layout,
                                                crypto::ByteView rp_id_hash, crypto::ByteView id) {
    if (!is_resident_id(id) || rp_id_hash.size() != 32) return std::nullopt;
    const auto content = paths::read_if_present(fs, paths::rk_file(layout, rp_id_hash, id));
    if (!content) return std::nullopt;
    auto rk = decode_resident(*content);
    if (!rk || !std::equal(rk->id.begin(), rk->id.end(), id.begin(), id.end())) return std::nullopt;
    const auto hash = rk->rp_id_hash();
    if (!std::equal(hash.begin(), hash.end(), rp_id_hash.begin(), rp_id_hash.end()))
        return std::nullopt;
    return rk;
}

std::optional<CredentialKey> load_resident_key(const fs::Filesystem& fs,
                                               const ResidentCredential& rk) {
    auto key = read_key(fs, rk.key_id);
    if (!key) return std::nullopt;
    const auto want = rk.alg == Alg::es256 ? KeyKind::p256 : KeyKind::ed25519;
    if (key->kind != want) return std::nullopt;
    try {
        auto out = CredentialKey::from_private(rk.alg, key->bytes);
        crypto::secure_wipe(key->bytes);
        return out;
    } catch (const crypto::CryptoError&) {
        return std::nullopt;
    }
}

void write_resident_key(fs::Filesystem& fs, const ResidentCredential& rk,
                        const CredentialKey& key) {
    write_key(fs, rk.key_id,
              {key.alg() == Alg::es256 ? KeyKind::p256 : KeyKind::ed25519, key.private_bytes()});
}

void write_resident_file(fs::Filesystem& fs, RkLayout layout, const ResidentCredential& rk) {
    paths::ensure_dir(fs, paths::rk_dir(layout, rk.rp_id_hash()));
    try {
        file_ops::write_file(fs, rk.path(layout), encode_resident(rk));
    } catch (const fs::FsError& e) {
        if (e.code() != fs::FsErrc::no_space && e.code() != fs::FsErrc::file_too_large) throw;
        throw CtapError(status::kKeyStoreFull, "no space for the rk file");
    }
}

void rewrite_resident(fs::Filesystem& fs, RkLayout layout, const ResidentCredential& rk) {
    paths::ensure_dir(fs, paths::rk_dir(layout, rk.rp_id_hash()));
    file_ops::write_file(fs, rk.path(layout), encode_resident(rk));
}

void remove_resident(fs::Filesystem& fs, RkLayout layout, const ResidentCredential& rk) {
    remove_key(fs, rk.key_id);
    paths::remove_if_present(fs, rk.path(layout));
}

void remove_rp_dir_if_empty(fs::Filesystem& fs, RkLayout layout, crypto::ByteView rp_id_hash) {
    if (layout == RkLayout::flat) return;
    const auto dir = paths::rk_dir(layout, rp_id_hash);
    if (fs.exists(dir) && fs.list(dir).empty()) file_ops::remove(fs, dir);
}

}  // namespace nk3::fido
