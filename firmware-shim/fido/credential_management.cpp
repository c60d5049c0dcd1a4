// authenticatorCredentialManagement (0x0A, and the 0x41 preview alias; CTAP 2.1 6.8):
// getCredsMetadata, enumerateRPs, enumerateCredentials, deleteCredential,
// updateUserInformation. The subcommands that start something are authorised by a
// pinUvAuthToken with the cm permission over (subCommand || subCommandParams).

#include <algorithm>
#include <set>
#include <stdexcept>

#include "cbor/encode.hpp"
#include "cbor/request_map.hpp"
#include "crypto/sha.hpp"
#include "fido/ctap_status.hpp"
#include "fido/pin_uv_auth.hpp"
#include "fido/session.hpp"
#include "fido/user_text.hpp"

namespace nk3::fido {

namespace {

enum Sub : std::uint64_t {
    kGetCredsMetadata = 1,
    kEnumerateRpsBegin = 2,
    kEnumerateRpsGetNext = 3,
    kEnumerateCredentialsBegin = 4,
    kEnumerateCredentialsGetNext = 5,
    kDeleteCredential = 6,
    kUpdateUserInformation = 7,
};

cbor::Value user_entity(const ResidentCredential& rk) {
    cbor::Value::Map user;
    user.push_back({"id", rk.user_id});
    if (rk.user_name) user.push_back({"name", *rk.user_name});
    if (rk.display_name) user.push_back({"displayName", *rk.display_name});
    return cbor::Value(std::move(user));
}

cbor::Value::Map credential_entry(const Session& s, const ResidentCredential& rk) {
    cbor::Value::Map out;
    out.push_back({6, user_entity(rk)});
    out.push_back({7, cbor::map({{"id", rk.id}, {"type", "public-key"}})});
    if (auto key = load_resident_key(s.fs, rk)) out.push_back({8, key->cose_public_key()});
    out.push_back({10, static_cast<int>(rk.cred_protect)});
    return out;
}

cbor::Value::Map rp_entry(const std::string& rp_id) {
    cbor::Value::Map out;
    out.push_back({3, cbor::map({{"id", rp_id}})});
    out.push_back({4, crypto::sha256(crypto::as_bytes(rp_id))});
    return out;
}

// The resident credential with this descriptor's id, wherever it is.
std::optional<ResidentCredential> by_descriptor(const Session& s, const cbor::Value& descriptor) {
    cbor::TextKeyMap d(descriptor);
    const auto& id = d.require("id").as_bytes();
    (void)d.require("type").as_text();
    for (auto& rk : list_residents(s.fs, s.config.rk_layout))
        if (rk.id == id) return rk;
    return std::nullopt;
}

}  // namespace

Reply credential_management(Session& s, const cbor::Value& params) {
    cbor::IntKeyMap p(params);
    const auto sub = p.require(1).as_uint();
    const auto* sub_params = p.map(2);

    if (sub == kEnumerateRpsGetNext) {
        if (!s.rp_cursor || s.rp_cursor->rp_ids.empty())
            throw CtapError(status::kNotAllowed, "no RP enumeration in progress");
        const auto rp = s.rp_cursor->rp_ids.front();
        s.rp_cursor->rp_ids.erase(s.rp_cursor->rp_ids.begin());
        return ctap_ok(cbor::Value(rp_entry(rp)));
    }
    if (sub == kEnumerateCredentialsGetNext) {
        if (!s.cred_cursor || s.cred_cursor->credentials.empty())
            throw CtapError(status::kNotAllowed, "no credential enumeration in progress");
        const auto rk = s.cred_cursor->credentials.front();
        s.cred_cursor->credentials.erase(s.cred_cursor->credentials.begin());
        return ctap_ok(cbor::Value(credential_entry(s, rk)));
    }
    if (sub < kGetCredsMetadata || sub > kUpdateUserInformation ||
        (!s.ctap21() && sub == kUpdateUserInformation))
        throw CtapError(status::kInvalidSubcommand, "unknown credentialManagement subcommand");
    s.rp_cursor.reset();
    s.cred_cursor.reset();

    // Authorisation: pinUvAuthParam over subCommand || subCommandParams.
    const auto* param = p.bytes(4);
    if (!s.ctap21()) {
        // 0.1.1 verify_pin_auth_using_token: the protocol, then the pinAuth, each required.
        (void)pin_protocol(s, p.find(3));
        if (!param) throw CtapError(status::kMissingParameter, "pinAuth missing");
    }
    if (!param) throw CtapError(status::kPuatRequired, "credentialManagement needs a token");
    auto protocol = pin_protocol(s, p.find(3));
    crypto::Bytes message{static_cast<std::uint8_t>(sub)};
    if (sub_params) {
        crypto::Bytes enc;
        try {
            enc = cbor::encode(*sub_params);
        } catch (const std::logic_error&) {
            // Floats or undefined have no canonical form: not a CTAP2 parameter.
            throw CtapError(status::kCborUnexpectedType, "subCommandParams not encodable");
        }
        message.insert(message.end(), enc.begin(), enc.end());
    }
    std::optional<std::string> rp_scope;  // the rpId the subcommand is about, when there is one
    std::optional<cbor::IntKeyMap> sp;
    if (sub_params) sp.emplace(*sub_params);
    std::optional<ResidentCredential> target;
    crypto::Bytes rp_id_hash;
    if (sub == kEnumerateCredentialsBegin) {
        if (!sp) throw CtapError(status::kMissingParameter, "subCommandParams");
        rp_id_hash = sp->require(1).as_bytes();
        if (rp_id_hash.size() != 32)
            throw CtapError(status::kInvalidParameter, "rpIDHash must be 32 bytes");
    } else if (sub == kDeleteCredential || sub == kUpdateUserInformation) {
        if (!sp) throw CtapError(status::kMissingParameter, "subCommandParams");
        target = by_descriptor(s, sp->require(2));
        if (sub == kUpdateUserInformation) cbor::TextKeyMap(sp->require(3)).require("id");
        if (target) rp_scope = target->rp_id;
    }
    const auto& t = s.token;
    if (!t.in_use || !protocol->verify(t.value, message, *param) ||
        !(t.permissions & permission::kCm)) {
        if (!s.ctap21() && s.state.pin_retries > 0) {
            // fido-authenticator 0.1.1 verify_pin_auth_using_token: a wrong pinAuth costs a
            // PIN retry (state write) and a per-boot attempt.
            PersistentState next = s.state;
            --next.pin_retries;
            s.save(next);
            ++s.mismatches_since_boot;
            if (s.mismatches_since_boot >= s.config.pin_retries_per_boot)
                throw CtapError(status::kPinAuthBlocked, "power cycle needed");
            if (s.state.pin_retries == 0) throw CtapError(status::kPinBlocked, "PIN blocked");
        }
        throw CtapError(status::kPinAuthInvalid, "credentialManagement pinUvAuthParam");
    }
    if (t.rp_id) {
        // A token bound to one rpId may only manage that rp's credentials.
        const bool same =
            (rp_scope && *rp_scope == *t.rp_id) ||
            (!rp_id_hash.empty() && rp_id_hash == crypto::sha256(crypto::as_bytes(*t.rp_id)));
        if (!same) throw CtapError(status::kPinAuthInvalid, "token bound to another rpId");
    }

    const auto all = list_residents(s.fs, s.config.rk_layout);
    switch (sub) {
        case kGetCredsMetadata: {
            const auto n = static_cast<std::uint32_t>(all.size());
            // 0.1.1 has no limit and reports 100 - existing (its "guesstimate").
            const auto max =
                s.config.max_resident_credentials ? s.config.max_resident_credentials : 100u;
            return ctap_ok(cbor::map({{1, n}, {2, n >= max ? 0u : max - n}}));
        }
        case kEnumerateRpsBegin: {
            std::set<std::string> rps;
            for (const auto& rk : all)
                rps.insert(rk.rp_id);
            if (rps.empty()) throw CtapError(status::kNoCredentials, "no resident credentials");
            std::vector<std::string> order(rps.begin(), rps.end());
            auto out = rp_entry(order.front());
            out.push_back({5, static_cast<std::uint64_t>(order.size())});
            order.erase(order.begin());
            s.rp_cursor = CredMgmtCursor{std::move(order), {}};
            return ctap_ok(cbor::Value(std::move(out)));
        }
        case kEnumerateCredentialsBegin: {
            auto creds = residents_for(s.fs, s.config.rk_layout, rp_id_hash);
            if (creds.empty()) throw CtapError(status::kNoCredentials, "no credentials for rp");
            auto out = credential_entry(s, creds.front());
            out.push_back({9, static_cast<std::uint64_t>(creds.size())});
            creds.erase(creds.begin());
            s.cred_cursor = CredMgmtCursor{{}, std::move(creds)};
            return ctap_ok(cbor::Value(std::move(out)));
        }
        case kDeleteCredential: {
            if (!target) throw CtapError(status::kNoCredentials, "no such credential");
            // Key file, rk file, then the relying party's directory if now empty
            // (credential_management.rs delete_credential).
            remove_resident(s.fs, s.config.rk_layout, *target);
            remove_rp_dir_if_empty(s.fs, s.config.rk_layout, target->rp_id_hash());
            return ctap_ok();
        }
        case kUpdateUserInformation: {
            if (!target) throw CtapError(status::kNoCredentials, "no such credential");
            cbor::TextKeyMap user(sp->require(3));
            if (user.require("id").as_bytes() != target->user_id)
                throw CtapError(status::kInvalidParameter, "user id differs");
            ResidentCredential next = *target;
            next.user_name.reset();
            next.display_name.reset();
            if (const auto* n = user.find("name")) next.user_name = truncate_utf8(n->as_text());
            if (const auto* d = user.find("displayName"))
                next.display_name = truncate_utf8(d->as_text());
            rewrite_resident(s.fs, s.config.rk_layout, next);
            return ctap_ok();
        }
        default:
            break;
    }
    throw CtapError(status::kInvalidSubcommand, "unknown credentialManagement subcommand");
}

}  // namespace nk3::fido
