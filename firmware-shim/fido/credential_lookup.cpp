// Credential lookup by id and credProtect filtering.

#include "fido/credential_lookup.hpp"

#include "cbor/request_map.hpp"
#include "fido/credential_id.hpp"

namespace nk3::fido {

std::optional<FoundCredential> find_credential(const Session& s, crypto::ByteView rp_id_hash,
                                               crypto::ByteView id) {
    if (is_resident_id(id)) {
        auto rk = find_resident(s.fs, rp_id_hash, id);
        if (!rk) return std::nullopt;
        auto key = load_resident_key(s.fs, *rk);
        if (!key) return std::nullopt;
        const auto cp = rk->cred_protect;
        const bool hmac = rk->hmac_secret;
        return FoundCredential{rk->id, std::move(*key), cp, hmac, std::move(rk)};
    }
    if (!s.device_keys) return std::nullopt;
    auto w = unwrap_credential_id(*s.device_keys, rp_id_hash, id);
    if (!w) return std::nullopt;
    return FoundCredential{crypto::Bytes(id.begin(), id.end()), std::move(w->key), w->cred_protect,
                           w->hmac_secret, std::nullopt};
}

std::vector<crypto::Bytes> descriptor_ids(const cbor::Value& list) {
    std::vector<crypto::Bytes> out;
    for (const auto& d : list.as_array()) {
        cbor::TextKeyMap m(d);
        const auto& type = m.require("type").as_text();
        const auto& id = m.require("id").as_bytes();
        if (type == "public-key") out.push_back(id);
    }
    return out;
}

bool cred_protect_allows(std::uint8_t level, bool uv, bool from_allow_list) {
    if (uv || level <= 1) return true;
    if (level == 2) return from_allow_list;
    return false;
}

}  // namespace nk3::fido
