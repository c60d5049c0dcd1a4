// authenticatorMakeCredential (0x01, CTAP 2.1 6.1), in the order of fido-authenticator 0.1.1
// `src/ctap2.rs` make_credential. Before the touch: checks, and the excludeList lookup (which
// may create the key-encryption key). After it: resident: key file · [first use: KEK file,
// state] · state (creation time) · [old key file, old rk file of the same user] · rk file ·
// state (sign count); non-resident: [first use: KWK file, state, KEK file, state] · state ·
// state. (counter_step random: one counter write instead of two.)

#include <algorithm>

#include "cbor/request_map.hpp"
#include "crypto/sha.hpp"
#include "fido/auth_data.hpp"
#include "fido/credential_id.hpp"
#include "fido/credential_lookup.hpp"
#include "fido/ctap_status.hpp"
#include "fido/panic.hpp"
#include "fido/pin_uv_auth.hpp"
#include "fido/session.hpp"
#include "fido/user_text.hpp"

namespace nk3::fido {

namespace {

constexpr std::size_t kMaxRpIdLength = 256;
constexpr std::size_t kMaxUserIdLength = 64;

std::optional<std::string> optional_text(const cbor::TextKeyMap& m, std::string_view key) {
    const auto* v = m.find(key);
    if (!v) return std::nullopt;
    return truncate_utf8(v->as_text(), kMaxUserTextLength);
}

bool option(const cbor::Value* options, std::string_view name, bool fallback) {
    if (!options) return fallback;
    cbor::TextKeyMap m(*options);
    const auto* v = m.find(name);
    return v ? v->as_bool() : fallback;
}

}  // namespace

Reply make_credential(Session& s, const cbor::Value& params, Presence presence) {
    cbor::IntKeyMap p(params);
    const auto& client_data_hash = p.require(1).as_bytes();
    cbor::TextKeyMap rp(p.require(2));
    cbor::TextKeyMap user(p.require(3));
    const auto& cred_params = p.require(4).as_array();
    const auto& rp_id = rp.require("id").as_text();
    if (const auto* name = rp.find("name")) (void)name->as_text();
    const auto& user_id = user.require("id").as_bytes();
    const auto user_name = optional_text(user, "name");
    const auto display_name = optional_text(user, "displayName");
    const auto* exclude = p.array(5);
    const auto* extensions = p.map(6);
    const auto* options = p.map(7);
    const auto* pin_param = p.bytes(8);
    const auto* protocol_value = p.find(9);
    if (p.find(10)) throw CtapError(status::kInvalidParameter, "no enterprise attestation");
    if (client_data_hash.size() != 32)
        throw CtapError(status::kInvalidParameter, "clientDataHash must be 32 bytes");
    if (rp_id.empty() || rp_id.size() > kMaxRpIdLength)
        throw CtapError(status::kInvalidLength, "rp.id length");
    if (user_id.empty() || user_id.size() > kMaxUserIdLength)
        throw CtapError(status::kInvalidLength, "user.id length");

    std::optional<Alg> alg;
    for (const auto& entry : cred_params) {
        cbor::TextKeyMap m(entry);
        const auto& type = m.require("type").as_text();
        const auto cose = m.require("alg").as_int();
        if (!alg && type == "public-key") alg = alg_from_cose(cose);
    }
    const auto exclude_ids = exclude ? descriptor_ids(*exclude) : std::vector<crypto::Bytes>{};

    std::uint8_t cred_protect = 0;  // 0: not requested
    bool hmac_secret = false;
    if (extensions) {
        cbor::TextKeyMap ext(*extensions);
        if (const auto* cp = ext.find("credProtect")) {
            const auto level = cp->as_uint();
            if (level < 1 || level > 3)
                throw CtapError(status::kInvalidParameter, "credProtect level");
            cred_protect = static_cast<std::uint8_t>(level);
        }
        if (const auto* hs = ext.find("hmac-secret")) hmac_secret = hs->as_bool();
    }
    const bool rk = option(options, "rk", false);
    const bool up = option(options, "up", true);
    const bool uv_option = option(options, "uv", false);

    bool uv = false;
    if (!s.ctap21()) {
        // fido-authenticator 0.1.1 `src/ctap2.rs` make_credential steps 1-4 and pin_prechecks.
        if (options && cbor::TextKeyMap(*options).find("up"))
            throw CtapError(status::kInvalidOption, "up in makeCredential");
        if (auto r = pin_prechecks_011(s, pin_param, protocol_value, uv_option, client_data_hash,
                                       permission::kMc, rp_id, presence, true, uv))
            return *r;
        if (!alg) throw CtapError(status::kUnsupportedAlgorithm, "no supported algorithm");
    } else {
        // Zero-length pinUvAuthParam: the platform asks for a touch to pick this authenticator.
        if (pin_param && pin_param->empty()) {
            if (auto r = await_presence(presence)) return *r;
            throw CtapError(s.state.pin_set() ? status::kPinInvalid : status::kPinNotSet, "probe");
        }
        std::unique_ptr<crypto::PinProtocol> protocol;
        if (pin_param) protocol = pin_protocol(s, protocol_value);
        if (!alg) throw CtapError(status::kUnsupportedAlgorithm, "no supported algorithm");
        if (!up) throw CtapError(status::kInvalidOption, "up=false in makeCredential");
        if (uv_option) throw CtapError(status::kInvalidOption, "no built-in user verification");
        if (pin_param) {
            verify_token(s, *protocol, client_data_hash, *pin_param, permission::kMc, rp_id);
            uv = true;
        } else if (s.state.pin_set() && rk) {
            throw CtapError(status::kPuatRequired, "PIN set: resident keys need a token");
        }
    }

    const auto rp_id_hash = crypto::sha256(crypto::as_bytes(rp_id));
    bool excluded = false;
    for (const auto& id : exclude_ids) {
        // Before the touch, as in the firmware: may create the key-encryption key.
        const auto found = known_credential(s, rp_id_hash, id);
        if (found && cred_protect_allows(*found, uv, true)) {
            excluded = true;
            break;
        }
    }
    std::optional<ResidentCredential> replaced;
    if (rk && !excluded) {
        const auto all = list_residents(s.fs, s.config.rk_layout);
        std::size_t others = 0;
        for (const auto& r : all) {
            if (r.rp_id == rp_id && r.user_id == user_id)
                replaced = r;
            else
                ++others;
        }
        const auto max = s.config.max_resident_credentials;  // 0: bound by the filesystem only
        if (max != 0 && others >= max)
            throw CtapError(status::kKeyStoreFull, "resident credential store full");
    }

    if (auto r = await_presence(presence)) return *r;
    if (excluded) throw CtapError(status::kCredentialExcluded, "excluded credential present");

    // From here on: Drbg draws and flash writes, in fido-authenticator 0.1.1's order.
    if (uv) bind_token_rp(s, rp_id);
    auto key = CredentialKey::generate(*alg, s.rng());
    const std::uint8_t stored_protect = cred_protect ? cred_protect : 1;
    crypto::Bytes credential_id;
    std::optional<ResidentCredential> resident;
    if (rk) {
        credential_id.push_back(kResidentIdPrefix);
        const auto random = s.rng().bytes(kResidentIdSize - 1);
        credential_id.insert(credential_id.end(), random.begin(), random.end());
        resident = ResidentCredential{credential_id, rp_id, user_id,           user_name,
                                      display_name,  *alg,  s.rng().bytes(16), stored_protect,
                                      hmac_secret,   0};
        // The key is generated straight into Internal storage: the key file comes first.
        write_resident_key(s.fs, *resident, key);
        // credential.id() encrypts with the key-encryption key, resident or not (first use:
        // key file + state write; a named key file that is gone panics).
        if (!s.kek()) throw Panic("key-encryption key file missing or malformed");
    } else {
        // key_wrapping_key() then key_encryption_key(): each created on first use.
        const auto keys = s.sealing_keys();
        credential_id = wrap_credential_id(
            keys, rp_id_hash, WrappedCredential{key, stored_protect, hmac_secret}, s.rng());
    }
    // counter_step one: timestamp() as the creation time (state write), and again below as the
    // sign count (second state write). random: one draw and one write for both.
    const bool two_uses = s.config.counter_step == CounterStep::one;
    const auto created = s.use_counter();
    if (resident) {
        resident->created = created;
        if (replaced) remove_resident(s.fs, s.config.rk_layout, *replaced);
        write_resident_file(s.fs, s.config.rk_layout, *resident);
    }
    const auto identity = attestation_identity(s.fs);  // may panic
    const auto counter = two_uses ? s.use_counter() : created;

    cbor::Value::Map ext_out;
    if (cred_protect) ext_out.push_back({"credProtect", static_cast<int>(cred_protect)});
    if (hmac_secret) ext_out.push_back({"hmac-secret", true});
    const auto auth_data = build_auth_data(
        rp_id_hash, static_cast<std::uint8_t>(flags::kUp | (uv ? flags::kUv : 0)), counter,
        AttestedCredential{identity.aaguid, credential_id, key.cose_public_key()}, ext_out);

    crypto::Bytes signed_data = auth_data;
    signed_data.insert(signed_data.end(), client_data_hash.begin(), client_data_hash.end());
    cbor::Value att_stmt;
    if (const auto& attestation = identity.attestation) {
        att_stmt = cbor::map({{"alg", -7},
                              {"sig", attestation->key.sign_es256(signed_data)},
                              {"x5c", cbor::array({attestation->certificate_der})}});
    } else {
        att_stmt = cbor::map({{"alg", static_cast<int>(*alg)}, {"sig", key.sign(signed_data)}});
    }
    return ctap_ok(cbor::map({{1, "packed"}, {2, auth_data}, {3, att_stmt}}));
}

}  // namespace nk3::fido
