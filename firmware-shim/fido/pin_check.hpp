#pragma once
// Comparing a PIN hash sent by the platform with the stored one, with the retry counter
// bookkeeping that makes it power-cut safe or not (AuthenticatorConfig::pin_retries_write):
//
//  before_compare: retries - 1 is saved (write 1), then the hashes are compared; on a match the
//                  retries are restored to the maximum (write 2). A cut anywhere after write 1
//                  costs the attempt.
//  after_compare:  the hashes are compared and the reply built first; the new count is saved in
//                  Reply::after_sent (one write on a mismatch; on a match only when the count
//                  was below the maximum). A cut before after_sent makes a wrong guess free.
//
// Per power-up, pin_retries_per_boot consecutive mismatches block PIN use (PIN_AUTH_BLOCKED)
// until the next boot; no retries left is PIN_BLOCKED. A mismatch also regenerates the key
// agreement key (CTAP 2.1, 6.5.5.7).

#include <cstdint>
#include <functional>
#include <optional>

#include "crypto/bytes.hpp"
#include "crypto/pin_protocol.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

// Before any decrypt or write: PIN_NOT_SET, PIN_BLOCKED or PIN_AUTH_BLOCKED as they apply.
void check_pin_usable(const Session& s);

struct PinCheckResult {
    std::optional<std::uint8_t> error;  // PIN_INVALID, PIN_AUTH_BLOCKED or PIN_BLOCKED
    std::function<void()> after_sent;   // the deferred write (after_compare only)
};

// `pin_hash_enc` is the platform's encrypted LEFT(SHA-256(PIN), 16). A malformed ciphertext is
// refused (INVALID_PARAMETER, thrown) before the counter is touched.
PinCheckResult check_pin_hash(Session& s, const crypto::PinProtocol& protocol,
                              crypto::ByteView shared_secret, crypto::ByteView pin_hash_enc);

}  // namespace nk3::fido
