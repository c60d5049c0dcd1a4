#pragma once
// The host's side of CTAP 2.1 clientPIN (6.5.5.7): getKeyAgreement, then a pinUvAuthToken for a
// PIN, with permissions (getPinUvAuthTokenUsingPinWithPermissions, 0x09) when the key offers
// them, else getPinToken (0x05). The token then authenticates as many requests as its
// permissions allow (ctap2_credential_listing.hpp uses one for a whole listing), where libfido2
// 1.12 takes a new token for every request it is given a PIN for.
//
// The platform key agreement key is drawn from the caller's Drbg (the link seeds it from
// OpenSSL's RAND: the PIN hash crosses the USB bus encrypted under it). The PIN, its hash and
// the token are wiped when done with and never logged.

#include <memory>
#include <string>

#include "crypto/bytes.hpp"
#include "crypto/drbg.hpp"
#include "crypto/pin_protocol.hpp"
#include "rig/link.hpp"
#include "rig/link/ctaphid_channel.hpp"

namespace nk3::rig {

struct TokenRequest {
    int protocol = 2;              // pinUvAuthProtocol: 1 or 2
    bool with_permissions = true;  // the key lists the pinUvAuthToken option
    std::uint8_t permissions = 0;  // 0x04: credential management (cm)
};

class PinUvAuthToken {
  public:
    PinUvAuthToken(std::unique_ptr<crypto::PinProtocol> protocol, crypto::Bytes token)
        : protocol_(std::move(protocol)), token_(std::move(token)) {}
    PinUvAuthToken(PinUvAuthToken&&) = default;
    PinUvAuthToken& operator=(PinUvAuthToken&&) = default;
    ~PinUvAuthToken() { crypto::secure_wipe(token_); }

    int protocol() const { return protocol_->version(); }
    // The pinUvAuthParam of `message`.
    crypto::Bytes authenticate(crypto::ByteView message) const {
        return protocol_->authenticate(token_, message);
    }

  private:
    std::unique_ptr<crypto::PinProtocol> protocol_;
    crypto::Bytes token_;
};

// Not ok with the key's status (FIDO_ERR_PIN_INVALID, _PIN_BLOCKED, _PIN_AUTH_BLOCKED,
// _PIN_NOT_SET, ...) or FIDO_ERR_RX for an answer that is not what CTAP 2.1 says, naming the
// field. `drbg` must outlive the token (protocol Two draws IVs from it).
LinkResult<PinUvAuthToken> get_pin_uv_auth_token(CtaphidChannel& channel, crypto::Drbg& drbg,
                                                 const std::string& pin,
                                                 const TokenRequest& request);

}  // namespace nk3::rig
