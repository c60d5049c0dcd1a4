// authenticatorGetAssertion (0x02, CTAP 2.1 6.2) and authenticatorGetNextAssertion (0x08,
// 6.3). Writes, as fido-authenticator 0.1.1: the allowList lookup (before the touch) creates a
// key-encryption key when the state names none (key file + state write: after a state loss);
// each assertion is then one signature-counter state write (a resident one may first create
// the key-encryption key likewise).

#include "cbor/request_map.hpp"
#include "crypto/sha.hpp"
#include "fido/auth_data.hpp"
#include "fido/credential_lookup.hpp"
#include "fido/ctap_status.hpp"
#include "fido/panic.hpp"
#include "fido/pin_uv_auth.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

namespace {

// getNextAssertion must follow within this time (CTAP 2.1, 6.3: 30 seconds).
constexpr SimTime kNextAssertionTimeout = std::chrono::seconds(30);

bool option(const cbor::Value* options, std::string_view name, bool fallback) {
    if (!options) return fallback;
    cbor::TextKeyMap m(*options);
    const auto* v = m.find(name);
    return v ? v->as_bool() : fallback;
}

// Signs one assertion (after the counter write) and encodes the response map.
cbor::Value::Map assertion(Session& s, const FoundCredential& c, crypto::ByteView rp_id_hash,
                           crypto::ByteView client_data_hash, std::uint8_t f, bool user_details,
                           const std::optional<HmacSecretInput>& hmac) {
    // credential.id() re-encrypts the id with the key-encryption key (first use: key file +
    // state write; a named key file that is gone panics), then timestamp(): one state write.
    if (c.resident && !s.kek()) throw Panic("key-encryption key file missing or malformed");
    const auto counter = s.use_counter();
    cbor::Value::Map ext;
    if (hmac && c.hmac_secret)
        ext.push_back({"hmac-secret", hmac_secret_output(s, *hmac, c.key, (f & flags::kUv) != 0)});
    const auto auth_data = build_auth_data(rp_id_hash, f, counter, std::nullopt, ext);
    crypto::Bytes signed_data = auth_data;
    signed_data.insert(signed_data.end(), client_data_hash.begin(), client_data_hash.end());
    cbor::Value::Map out;
    out.push_back({1, cbor::map({{"id", c.id}, {"type", "public-key"}})});
    out.push_back({2, auth_data});
    out.push_back({3, c.key.sign(signed_data)});
    if (c.resident) {
        cbor::Value::Map user;
        user.push_back({"id", c.resident->user_id});
        if (user_details) {
            if (c.resident->user_name) user.push_back({"name", *c.resident->user_name});
            if (c.resident->display_name)
                user.push_back({"displayName", *c.resident->display_name});
        }
        out.push_back({4, cbor::Value(std::move(user))});
    }
    return out;
}

}  // namespace

Reply get_assertion(Session& s, const cbor::Value& params, Presence presence) {
    cbor::IntKeyMap p(params);
    const auto& rp_id = p.require(1).as_text();
    const auto& client_data_hash = p.require(2).as_bytes();
    const auto* allow = p.array(3);
    const auto* extensions = p.map(4);
    const auto* options = p.map(5);
    const auto* pin_param = p.bytes(6);
    const auto* protocol_value = p.find(7);
    if (client_data_hash.size() != 32)
        throw CtapError(status::kInvalidParameter, "clientDataHash must be 32 bytes");
    const auto allow_ids = allow ? descriptor_ids(*allow) : std::vector<crypto::Bytes>{};
    const bool up = option(options, "up", true);
    const bool uv_option = option(options, "uv", false);
    if (options && cbor::TextKeyMap(*options).find("rk"))
        throw CtapError(status::kUnsupportedOption, "rk in getAssertion");
    const cbor::Value* hmac_input = nullptr;
    if (extensions) {
        cbor::TextKeyMap ext(*extensions);
        hmac_input = ext.find("hmac-secret");
    }

    bool uv = false;
    if (!s.ctap21()) {
        // fido-authenticator 0.1.1 pin_prechecks; PIN_REQUIRED only means "no UV" here.
        if (auto r = pin_prechecks_011(s, pin_param, protocol_value, uv_option, client_data_hash,
                                       permission::kGa, rp_id, presence, false, uv))
            return *r;
    } else {
        if (pin_param && pin_param->empty()) {
            if (auto r = await_presence(presence)) return *r;
            throw CtapError(s.state.pin_set() ? status::kPinInvalid : status::kPinNotSet, "probe");
        }
        std::unique_ptr<crypto::PinProtocol> protocol;
        if (pin_param) protocol = pin_protocol(s, protocol_value);
        if (uv_option) throw CtapError(status::kInvalidOption, "no built-in user verification");
        if (pin_param) {
            verify_token(s, *protocol, client_data_hash, *pin_param, permission::kGa, rp_id);
            uv = true;
        }
    }

    const auto rp_id_hash = crypto::sha256(crypto::as_bytes(rp_id));
    std::vector<FoundCredential> found;
    const bool from_list = allow && !allow_ids.empty();
    if (from_list) {
        for (const auto& id : allow_ids) {
            auto c = find_credential(s, rp_id_hash, id);
            if (c && cred_protect_allows(c->cred_protect, uv, true)) {
                found.push_back(std::move(*c));
                break;
            }
        }
    } else {
        for (auto& rk : residents_for(s.fs, s.config.rk_layout, rp_id_hash)) {
            if (!cred_protect_allows(rk.cred_protect, uv, false)) continue;
            auto key = load_resident_key(s.fs, rk);
            if (!key) continue;
            const auto cp = rk.cred_protect;
            const bool hmac = rk.hmac_secret;
            auto id = rk.id;
            found.push_back(
                FoundCredential{std::move(id), std::move(*key), cp, hmac, std::move(rk)});
        }
    }
    if (found.empty()) throw CtapError(status::kNoCredentials, "no credentials");
    std::optional<HmacSecretInput> hmac;
    if (hmac_input) hmac = parse_hmac_secret(s, *hmac_input);

    bool present = false;
    if (up) {
        const bool touch_free =
            !s.assertion_since_boot &&
            s.platform.now() - s.platform.powered_since() <= s.config.touch_free_assertion_window;
        if (!touch_free) {
            if (auto r = await_presence(presence)) return *r;
        }
        present = true;
    }

    // From here on: Drbg draws and flash writes.
    s.assertion_since_boot = true;
    if (uv) bind_token_rp(s, rp_id);
    const auto f = static_cast<std::uint8_t>((present ? flags::kUp : 0) | (uv ? flags::kUv : 0));
    auto first = assertion(s, found.front(), rp_id_hash, client_data_hash, f, uv, hmac);
    if (!from_list) first.push_back({5, static_cast<std::uint64_t>(found.size())});
    if (found.size() > 1) {
        PendingAssertions pending;
        pending.remaining.assign(std::make_move_iterator(found.begin() + 1),
                                 std::make_move_iterator(found.end()));
        pending.rp_id_hash = rp_id_hash;
        pending.client_data_hash = client_data_hash;
        pending.flags = f;
        pending.include_user_details = uv;
        pending.hmac_secret = hmac;
        pending.started = s.platform.now();
        s.pending_assertions = std::move(pending);
    }
    return ctap_ok(cbor::Value(std::move(first)));
}

Reply get_next_assertion(Session& s) {
    auto& pending = s.pending_assertions;
    if (!pending || pending->remaining.empty() ||
        s.platform.now() - pending->started > kNextAssertionTimeout) {
        pending.reset();
        throw CtapError(status::kNotAllowed, "no assertion to continue");
    }
    FoundCredential c = std::move(pending->remaining.front());
    pending->remaining.erase(pending->remaining.begin());
    const auto out = assertion(s, c, pending->rp_id_hash, pending->client_data_hash, pending->flags,
                               pending->include_user_details, pending->hmac_secret);
    if (pending->remaining.empty()) pending.reset();
    return ctap_ok(cbor::Value(out));
}

}  // namespace nk3::fido
