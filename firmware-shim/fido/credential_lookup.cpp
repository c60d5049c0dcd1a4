// Credential lookup by id and credProtect filtering.

#include "fido/credential_lookup.hpp"

#include "cbor/request_map.hpp"
#include "fido/credential_id.hpp"
#include "fido/ctap_status.hpp"
#include "fido/panic.hpp"

namespace nk3::fido {

namespace {

std::optional<OpenedCredentialId> open_wrapped(Session& s, crypto::ByteView rp_id_hash,
                                               crypto::ByteView id) {
    const auto kek = s.kek();
    if (!kek) return std::nullopt;  // a missing key does not decrypt (try_syscall!)
    return open_credential_id(*kek, rp_id_hash, id);
}

}  // namespace

std::optional<FoundCredential> find_credential(Session& s, crypto::ByteView rp_id_hash,
                                               crypto::ByteView id) {
    if (is_resident_id(id)) {
        (void)s.kek();  // as find_credential
        (void)s.kek();  // try_from fetches (and may create) the key-encryption key first
        auto rk = find_resident(s.fs, s.config.rk_layout, rp_id_hash, id);
        if (!rk) return std::nullopt;
        auto key = load_resident_key(s.fs, *rk);
        if (!key) return std::nullopt;
        const auto cp = rk->cred_protect;
        const bool hmac = rk->hmac_secret;
        return FoundCredential{rk->id, std::move(*key), cp, hmac, std::move(rk)};
    }
    const auto opened = open_wrapped(s, rp_id_hash, id);
    if (!opened) return std::nullopt;
    const auto kwk = s.kwk();
    if (!kwk) throw Panic("key-wrapping key file missing or malformed");
    auto key = unwrap_private_key(*kwk, *opened);
    if (!key) throw CtapError(status::kOther, "wrapped key does not unwrap");
    return FoundCredential{crypto::Bytes(id.begin(), id.end()), std::move(*key),
                           opened->cred_protect, opened->hmac_secret, std::nullopt};
}

std::optional<std::uint8_t> known_credential(Session& s, crypto::ByteView rp_id_hash,
                                             crypto::ByteView id) {
    if (is_resident_id(id)) {
        (void)s.kek();  // as find_credential
        const auto rk = find_resident(s.fs, s.config.rk_layout, rp_id_hash, id);
        if (!rk || !load_resident_key(s.fs, *rk)) return std::nullopt;
        return rk->cred_protect;
    }
    const auto opened = open_wrapped(s, rp_id_hash, id);
    if (!opened) return std::nullopt;
    return opened->cred_protect;
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
