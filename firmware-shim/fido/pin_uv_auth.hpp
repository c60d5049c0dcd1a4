#pragma once
// Pieces of the PIN/UV auth protocols the commands share (CTAP 2.1, 6.5): selecting a protocol
// from a request, decapsulating the platform's key (its COSE form: crypto/cose_key_agreement),
// and checking a pinUvAuthParam against the pinUvAuthToken.

#include <memory>
#include <optional>
#include <string>

#include "cbor/value.hpp"
#include "crypto/cose_key_agreement.hpp"
#include "crypto/ec_p256.hpp"
#include "crypto/pin_protocol.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

// The protocol named by a pinUvAuthProtocol parameter: MISSING_PARAMETER when absent,
// CBOR_UNEXPECTED_TYPE when not an unsigned integer, INVALID_PARAMETER when not 1 or 2 (CTAP
// 2.1-PRE level: when not 1).
std::unique_ptr<crypto::PinProtocol> pin_protocol(Session& s, const cbor::Value* value);

// The shared secret with the platform's COSE key agreement key: INVALID_PARAMETER when the key
// is malformed (wrong kty/crv, coordinates not 32 bytes) or not on the curve.
crypto::Bytes decapsulate(Session& s, const crypto::PinProtocol& protocol, const cbor::Value& key);

// Checks pinUvAuthParam = authenticate(pinUvAuthToken, message), that the token is in use and
// has `permission`, and that its rpId binding (if any) is `rp_id`. PIN_AUTH_INVALID otherwise.
// Pure: binding the token to the rpId is left to the caller (bind_token_rp), after the touch.
void verify_token(const Session& s, const crypto::PinProtocol& protocol, crypto::ByteView message,
                  crypto::ByteView param, std::uint8_t permission,
                  const std::optional<std::string>& rp_id);
void bind_token_rp(Session& s, const std::string& rp_id);

// fido-authenticator 0.1.1's pin_prechecks (`src/ctap2.rs`), which makeCredential and
// getAssertion share at the CTAP 2.1-PRE level: an empty pinAuth is a probe (a touch, then
// PIN_AUTH_INVALID or PIN_NOT_SET); pinProtocol must be 1; without a PIN, uv and pinAuth are
// INVALID_OPTION; with one, a 16-byte pinAuth is verified against the token for `permission`
// (uv true), and a missing one is PIN_REQUIRED when `pin_required` (makeCredential). Returns the
// reply that ends the command (a probe whose touch failed), or nothing and sets `uv`.
std::optional<Reply> pin_prechecks_011(Session& s, const crypto::Bytes* pin_param,
                                       const cbor::Value* protocol_value, bool uv_option,
                                       crypto::ByteView client_data_hash, std::uint8_t permission,
                                       const std::string& rp_id, Presence presence,
                                       bool pin_required, bool& uv);

}  // namespace nk3::fido
