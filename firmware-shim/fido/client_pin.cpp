// authenticatorClientPIN (0x06, CTAP 2.1 6.5.5): getPINRetries, getKeyAgreement, setPIN,
// changePIN, getPinToken, getPinUvAuthTokenUsingPinWithPermissions.

#include <algorithm>

#include "cbor/request_map.hpp"
#include "crypto/sha.hpp"
#include "fido/ctap_status.hpp"
#include "fido/pin_check.hpp"
#include "fido/pin_uv_auth.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

namespace {

enum Sub : std::uint64_t {
    kGetRetries = 1,
    kGetKeyAgreement = 2,
    kSetPin = 3,
    kChangePin = 4,
    kGetPinToken = 5,
    kGetTokenWithPermissions = 9,
};

enum Param : std::uint64_t {
    kProtocol = 1,
    kSubCommand = 2,
    kKeyAgreement = 3,
    kPinUvAuthParam = 4,
    kNewPinEnc = 5,
    kPinHashEnc = 6,
    kPermissions = 9,
    kRpId = 10,
};

struct NewPin {
    std::array<std::uint8_t, 16> hash;
    std::uint8_t length;  // code points
};

// Decrypts and checks paddedNewPin (64 bytes, PIN then zero padding, 4..63 bytes of UTF-8).
NewPin decode_new_pin(const Session& s, const crypto::PinProtocol& protocol,
                      crypto::ByteView shared, crypto::ByteView new_pin_enc) {
    auto padded = protocol.decrypt(shared, new_pin_enc);
    if (!padded || padded->size() != 64)
        throw CtapError(status::kInvalidParameter, "paddedNewPin must be 64 bytes");
    const auto end = std::find(padded->begin(), padded->end(), 0);
    const auto bytes = static_cast<std::size_t>(end - padded->begin());
    std::size_t code_points = 0;
    for (auto it = padded->begin(); it != end; ++it)
        if ((*it & 0xC0) != 0x80) ++code_points;
    if (bytes > 63 || code_points < s.state.min_pin_length) {
        crypto::secure_wipe(*padded);
        throw CtapError(status::kPinPolicyViolation, "PIN too short or too long");
    }
    const auto digest = crypto::sha256(crypto::ByteView(padded->data(), bytes));
    crypto::secure_wipe(*padded);
    NewPin out{};
    std::copy_n(digest.begin(), 16, out.hash.begin());
    out.length = static_cast<std::uint8_t>(code_points);
    return out;
}

Reply with_after(Reply r, std::function<void()> after) {
    r.after_sent = std::move(after);
    return r;
}

Reply error_reply(std::uint8_t code, std::function<void()> after) {
    return Reply{{code}, false, std::move(after)};
}

}  // namespace

Reply client_pin(Session& s, const cbor::Value& params) {
    cbor::IntKeyMap p(params);
    const auto sub = p.require(kSubCommand).as_uint();
    if (!s.ctap21()) {
        // fido-authenticator 0.1.1 `src/ctap2.rs` client_pin: protocol 1 or INVALID_PARAMETER,
        // for every subcommand; the CTAP 2.1 token and UV subcommands are INVALID_PARAMETER.
        (void)pin_protocol(s, p.find(kProtocol));
        if (sub >= 6 && sub <= kGetTokenWithPermissions)
            throw CtapError(status::kInvalidParameter, "CTAP 2.1 clientPIN subcommand");
        if (sub == kGetRetries)
            return ctap_ok(cbor::map({{3, static_cast<int>(s.state.pin_retries)}}));
    }
    if (sub == kGetRetries) {
        const bool power_cycle = s.mismatches_since_boot >= s.config.pin_retries_per_boot;
        return ctap_ok(cbor::map({{3, static_cast<int>(s.state.pin_retries)}, {4, power_cycle}}));
    }
    if (sub != kGetKeyAgreement && sub != kSetPin && sub != kChangePin && sub != kGetPinToken &&
        sub != kGetTokenWithPermissions)
        throw CtapError(status::kInvalidSubcommand, "unknown clientPIN subcommand");

    auto protocol = pin_protocol(s, p.find(kProtocol));
    if (sub == kGetKeyAgreement) {
        if (!s.key_agreement) s.regenerate_key_agreement();
        return ctap_ok(cbor::map({{1, crypto::cose_key_agreement(s.key_agreement->public_key())}}));
    }

    const cbor::Value* key = p.map(kKeyAgreement);
    if (sub == kSetPin) {
        const auto* param = p.bytes(kPinUvAuthParam);
        const auto* new_pin_enc = p.bytes(kNewPinEnc);
        if (!key || !param || !new_pin_enc)
            throw CtapError(status::kMissingParameter, "setPIN parameters");
        if (s.state.pin_set()) throw CtapError(status::kNotAllowed, "PIN already set");
        const auto shared = decapsulate(s, *protocol, *key);
        if (!protocol->verify(shared, *new_pin_enc, *param))
            throw CtapError(status::kPinAuthInvalid, "setPIN pinUvAuthParam");
        const auto pin = decode_new_pin(s, *protocol, shared, *new_pin_enc);
        PersistentState next = s.state;
        next.pin_hash = pin.hash;
        next.pin_length = pin.length;
        next.force_pin_change = false;
        if (!s.ctap21()) {
            // hash_store_pin (one write), then reset_retries: a second write only when
            // retries had been spent (an attempt paid while no PIN was set).
            s.save(next);
            if (next.pin_retries != s.config.pin_retries) {
                next.pin_retries = s.config.pin_retries;
                s.save(next);
            }
            s.mismatches_since_boot = 0;
            return ctap_ok();
        }
        next.pin_retries = s.config.pin_retries;
        s.save(next);
        return ctap_ok();
    }

    const auto* pin_hash_enc = p.bytes(kPinHashEnc);
    if (sub == kChangePin) {
        const auto* param = p.bytes(kPinUvAuthParam);
        const auto* new_pin_enc = p.bytes(kNewPinEnc);
        if (!key || !param || !new_pin_enc || !pin_hash_enc)
            throw CtapError(status::kMissingParameter, "changePIN parameters");
        check_pin_usable(s);
        const auto shared = decapsulate(s, *protocol, *key);
        crypto::Bytes message(*new_pin_enc);
        message.insert(message.end(), pin_hash_enc->begin(), pin_hash_enc->end());
        if (!protocol->verify(shared, message, *param))
            throw CtapError(status::kPinAuthInvalid, "changePIN pinUvAuthParam");
        auto check = check_pin_hash(s, *protocol, shared, *pin_hash_enc);
        if (check.error) return error_reply(*check.error, std::move(check.after_sent));
        try {
            const auto pin = decode_new_pin(s, *protocol, shared, *new_pin_enc);
            PersistentState next = s.state;
            next.pin_hash = pin.hash;
            next.pin_length = pin.length;
            next.force_pin_change = false;
            if (check.after_sent) {
                // after_compare: one deferred write carries both the restored count and the PIN.
                fs::Filesystem* fs = &s.fs;
                s.state = next;
                check.after_sent = [fs, next] { save_state(*fs, next); };
            } else {
                s.save(next);
            }
            s.token.reset(s.rng());
            return with_after(ctap_ok(), std::move(check.after_sent));
        } catch (const CtapError& e) {
            return error_reply(e.status(), std::move(check.after_sent));
        }
    }

    // getPinToken / getPinUvAuthTokenUsingPinWithPermissions
    if (!key || !pin_hash_enc) throw CtapError(status::kMissingParameter, "token parameters");
    std::uint8_t permissions = 0;
    std::optional<std::string> rp_id;
    if (sub == kGetPinToken) {
        if (p.find(kPermissions) || p.find(kRpId))
            throw CtapError(status::kInvalidParameter, "getPinToken takes no permissions");
        // Legacy tokens may do what a CTAP 2.0 client expects: mc, ga, and credential
        // management (credentialMgmtPreview clients use getPinToken).
        permissions = permission::kMc | permission::kGa | permission::kCm;
    } else {
        const auto perms = p.require(kPermissions).as_uint();
        if (const auto* rp = p.text(kRpId)) rp_id = *rp;
        if (perms == 0 || perms > 0xFF)
            throw CtapError(status::kInvalidParameter, "permissions must be non-zero");
        permissions = static_cast<std::uint8_t>(perms);
        if (permissions & ~permission::kSupported)
            throw CtapError(status::kUnauthorizedPermission, "unsupported permission");
    }
    check_pin_usable(s);
    const auto shared = decapsulate(s, *protocol, *key);
    auto check = check_pin_hash(s, *protocol, shared, *pin_hash_enc);
    if (check.error) return error_reply(*check.error, std::move(check.after_sent));
    s.token.reset(s.rng());
    s.token.begin_using(permissions, rp_id);
    const auto enc = protocol->encrypt(shared, s.token.value);
    return with_after(ctap_ok(cbor::map({{2, enc}})), std::move(check.after_sent));
}

}  // namespace nk3::fido
