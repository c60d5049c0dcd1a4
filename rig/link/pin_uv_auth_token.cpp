// clientPIN getKeyAgreement and getPinUvAuthToken on the host's side.
#include "rig/link/pin_uv_auth_token.hpp"

#include "cbor/cbor_error.hpp"
#include "crypto/cose_key_agreement.hpp"
#include "crypto/sha.hpp"
#include "rig/link/ctap2_exchange.hpp"

namespace nk3::rig {

namespace {

constexpr std::uint8_t kClientPin = 0x06;
constexpr int kGetKeyAgreement = 0x02;
constexpr int kGetPinToken = 0x05;
constexpr int kGetPinUvAuthTokenUsingPinWithPermissions = 0x09;

LinkResult<PinUvAuthToken> failed(const Ctap2Answer& a) {
    return {{a.status, a.text}, std::nullopt};
}
LinkResult<PinUvAuthToken> malformed(const char* what, const std::string& field) {
    return failed(ctap2_failure(what, FIDO_ERR_RX, "answer field " + field + " is malformed"));
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
    crypto::CoseKeyAgreement key;
    try {
        if (cose) key = crypto::read_cose_key_agreement(*cose);
    } catch (const cbor::CborError&) {
        cose = nullptr;  // a member of the wrong type
    }
    if (!cose || key.fault != crypto::CoseKeyAgreement::Fault::none ||
        key.alg != crypto::kCoseAlgEcdhEsHkdf256)
        return malformed("getKeyAgreement", "1 (keyAgreement)");
    auto shared = protocol->encapsulate(drbg, key.x, key.y);
    if (!shared) return malformed("getKeyAgreement", "1 (keyAgreement: not a P-256 point)");

    crypto::Bytes pin_hash = crypto::sha256(crypto::as_bytes(pin));
    pin_hash.resize(16);
    cbor::Value token_params;
    const char* what = nullptr;
    if (request.with_permissions) {
        what = "getPinUvAuthTokenUsingPinWithPermissions";
        token_params = cbor::map({{1, request.protocol},
                                  {2, kGetPinUvAuthTokenUsingPinWithPermissions},
                                  {3, crypto::cose_key_agreement(shared->platform_key)},
                                  {6, protocol->encrypt(shared->shared_secret, pin_hash)},
                                  {9, request.permissions}});
    } else {
        what = "getPinToken";
        token_params = cbor::map({{1, request.protocol},
                                  {2, kGetPinToken},
                                  {3, crypto::cose_key_agreement(shared->platform_key)},
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
