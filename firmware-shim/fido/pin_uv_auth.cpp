// Shared PIN/UV auth protocol checks.

#include "fido/pin_uv_auth.hpp"

#include "cbor/request_map.hpp"
#include "fido/ctap_status.hpp"

namespace nk3::fido {

std::unique_ptr<crypto::PinProtocol> pin_protocol(Session& s, const cbor::Value* value) {
    if (!value) throw CtapError(status::kMissingParameter, "pinUvAuthProtocol missing");
    const auto v = value->as_uint();
    // CTAP 2.1-PRE (fido-authenticator 0.1.1) knows protocol 1 only.
    const std::uint64_t highest = s.ctap21() ? 2 : 1;
    auto p = v <= highest ? crypto::make_pin_protocol(static_cast<int>(v), s.rng()) : nullptr;
    if (!p) throw CtapError(status::kInvalidParameter, "unsupported pinUvAuthProtocol");
    return p;
}

crypto::Bytes decapsulate(Session& s, const crypto::PinProtocol& protocol, const cbor::Value& key) {
    using Fault = crypto::CoseKeyAgreement::Fault;
    const crypto::CoseKeyAgreement platform = crypto::read_cose_key_agreement(key);
    if (platform.fault == Fault::incomplete)
        throw CtapError(status::kMissingParameter, "COSE key incomplete");
    if (platform.fault == Fault::unsupported)
        throw CtapError(status::kInvalidParameter, "unsupported COSE key");
    if (!s.key_agreement) s.regenerate_key_agreement();
    auto shared = protocol.decapsulate(*s.key_agreement, platform.x, platform.y);
    if (!shared) throw CtapError(status::kInvalidParameter, "key agreement point invalid");
    return std::move(*shared);
}

void verify_token(const Session& s, const crypto::PinProtocol& protocol, crypto::ByteView message,
                  crypto::ByteView param, std::uint8_t permission,
                  const std::optional<std::string>& rp_id) {
    const auto& t = s.token;
    if (!t.in_use || !protocol.verify(t.value, message, param))
        throw CtapError(status::kPinAuthInvalid, "pinUvAuthParam does not verify");
    if ((t.permissions & permission) != permission)
        throw CtapError(status::kPinAuthInvalid, "token lacks the permission");
    if (t.rp_id && (!rp_id || *t.rp_id != *rp_id))
        throw CtapError(status::kPinAuthInvalid, "token bound to another rpId");
}

void bind_token_rp(Session& s, const std::string& rp_id) {
    // CTAP 2.1-PRE tokens (getPinToken) are not bound to an rpId.
    if (s.ctap21() && !s.token.rp_id) s.token.rp_id = rp_id;
}

std::optional<Reply> pin_prechecks_011(Session& s, const crypto::Bytes* pin_param,
                                       const cbor::Value* protocol_value, bool uv_option,
                                       crypto::ByteView client_data_hash, std::uint8_t permission,
                                       const std::string& rp_id, Presence presence,
                                       bool pin_required, bool& uv) {
    uv = false;
    if (pin_param && pin_param->empty()) {
        if (auto r = await_presence(presence)) return r;
        throw CtapError(s.state.pin_set() ? status::kPinAuthInvalid : status::kPinNotSet, "probe");
    }
    const bool protocol_one =
        protocol_value && protocol_value->is_int() && protocol_value->as_int() == 1;
    if (pin_param && !protocol_one)
        throw CtapError(status::kPinAuthInvalid, "pinProtocol must be 1");
    if (!s.state.pin_set()) {
        if (uv_option) throw CtapError(status::kInvalidOption, "uv without a PIN");
        if (pin_param) throw CtapError(status::kInvalidOption, "pinAuth without a PIN");
    } else if (pin_param) {
        if (pin_param->size() != 16)
            throw CtapError(status::kInvalidParameter, "pinAuth must be 16 bytes");
        const auto protocol = pin_protocol(s, protocol_value);
        verify_token(s, *protocol, client_data_hash, *pin_param, permission, rp_id);
        uv = true;
    } else if (pin_required) {
        throw CtapError(status::kPinRequired, "PIN set: makeCredential needs pinAuth");
    }
    return std::nullopt;
}

}  // namespace nk3::fido
