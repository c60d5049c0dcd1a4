// clientPIN getKeyAgreement and getPinUvAuthToken on the host's side.
#include "rig/link/pin_uv_auth_token.hpp"

#include "crypto/sha.hpp"
#include "rig/link/ctap2_exchange.hpp"

namespace nk3::rig {

namespace {

constexpr std::uint8_t kClientPin = 0x06;
constexpr int kGetKeyAgreement = 0x02;
constexpr int kGetPinToken = 0x05;
constexpr int kGetPinUvAuthTokenUsingPinWithPermissions = 0x09;
constexpr int kEcdhEsHkdf256 = -25;

LinkResult<PinUvAuthToken> failed(const Ctap2Answer& a) {
    return {{a.status, a.text}, std::nullopt};
}
LinkResult<PinUvAuthToken> malformed(const char* what, const std::string& field) {
    return failed(ctap2_failure(what, FIDO_ERR_RX, "answer field " + field + " is malformed"));
}

const cbor::Value* bytes_of_size(const cbor::Value& map, std::int64_t key, std::size_t size) {
    const cbor::Value* v = map.find(cbor::Value(key));
    if (v == nullptr || !v->is_bytes() || v->as_bytes().size() != size) return nullptr;
    return v;
}

bool int_is(const cbor::Value& map, std::int64_t key, std::int64_t expected) {
    const cbor::Value* v = map.find(cbor::Value(key));
    return v != nullptr && v->is_int() && v->as_int() == expected;
}

// The key's COSE_Key {1: 2, 3: -25, -1: 1, -2: x, -3: y}, or nullptrs.
struct CoseXY {
    const cbor::Value* x = nullptr;
    const cbor::Value* y = nullptr;
};
CoseXY key_agreement_point(const cbor::Value& cose) {
    if (!cose.is_map() || !int_is(cose, 1, 2) || !int_is(cose, 3, kEcdhEsHkdf256) ||
        !int_is(cose, -1, 1))
        return {};
    return {bytes_of_size(cose, -2, 32), bytes_of_size(cose, -3, 32)};
}

cbor::Value cose_key(const crypto::P256PublicKey& key) {
    return cbor::map({{1, 2}, {3, kEcdhEsHkdf256}, {-1, 1}, {-2, key.x()}, {-3, key.y()}});
}

}  // namespace

LinkResult<PinUvAuthToken> get_pin_uv_auth_token(CtaphidChannel& channel, crypto::Drbg& drbg,
                                                 const std::string& pin,
                                                 const TokenRequest& request) {
    auto protocol = crypto::make_pin_protocol(request.protocol, drbg);
    if (!protocol)
        return {{FIDO_ERR_UNSUPPORTED_OPTION,
                 "PIN protocol " + std::to_string(request.protocol) + " is not supported"},
                std::nullopt};

    const cbor::Value agreement_params = cbor::map({{1, request.protocol}, {2, kGetKeyAgreement}});
    const Ctap2Answer agreement =
        ctap2_request(channel, "getKeyAgreement", kClientPin, &agreement_params);
    if (!agreement.ok()) return failed(agreement);
    const cbor::Value* cose = agreement.body.find(cbor::Value(1));
    const CoseXY point = cose ? key_agreement_point(*cose) : CoseXY{};
    if (point.x == nullptr || point.y == nullptr)
        return malformed("getKeyAgreement", "1 (keyAgreement)");
    auto shared = protocol->encapsulate(drbg, point.x->as_bytes(), point.y->as_bytes());
    if (!shared) return malformed("getKeyAgreement", "1 (keyAgreement: not a P-256 point)");

    crypto::Bytes pin_hash = crypto::sha256(crypto::as_bytes(pin));
    pin_hash.resize(16);
    cbor::Value token_params;
    const char* what = nullptr;
    if (request.with_permissions) {
        what = "getPinUvAuthTokenUsingPinWithPermissions";
        token_params = cbor::map({{1, request.protocol},
                                  {2, kGetPinUvAuthTokenUsingPinWithPermissions},
                                  {3, cose_key(shared->platform_key)},
                                  {6, protocol->encrypt(shared->shared_secret, pin_hash)},
                                  {9, request.permissions}});
    } else {
        what = "getPinToken";
        token_params = cbor::map({{1, request.protocol},
                                  {2, kGetPinToken},
                                  {3, cose_key(shared->platform_key)},
                                  {6, protocol->encrypt(shared->shared_secret, pin_hash)}});
    }
    crypto::secure_wipe(pin_hash);
    const Ctap2Answer answer = ctap2_request(channel, what, kClientPin, &token_params);
    if (!answer.ok()) {
        crypto::secure_wipe(shared->shared_secret);
        return failed(answer);
    }
    const cbor::Value* encrypted = answer.body.find(cbor::Value(2));
    std::optional<crypto::Bytes> token;
    if (encrypted != nullptr && encrypted->is_bytes())
        token = protocol->decrypt(shared->shared_secret, encrypted->as_bytes());
    crypto::secure_wipe(shared->shared_secret);
    // Protocol One tokens may be 16 or 32 bytes long (any multiple of 16); Two's are 32.
    if (!token || token->empty() || (request.protocol == 2 && token->size() != 32))
        return malformed(what, "2 (pinUvAuthToken)");
    return {{}, PinUvAuthToken(std::move(protocol), std::move(*token))};
}

}  // namespace nk3::rig
