#pragma once
// Comparing a PIN hash sent by the platform with the stored one, with the retry counter
// bookkeeping that makes it power-cut safe or not (AuthenticatorConfig::pin_retries_write):
//
//  before_compare: fido-authenticator 0.1.1 `src/state.rs` State::decrement_retries: retries - 1
//                  is saved (write 1) and the per-boot attempt count goes up; when it reaches
//                  pin_retries_per_boot the answer is PIN_AUTH_BLOCKED *before* comparing (so
//                  2 comparisons per power-up with the default 3; the third attempt costs a
//                  retry and fails even with the right PIN). Otherwise the hashes are compared;
//                  on a match both counts are restored (write 2, only when retries were below
//                  the maximum, which they always are by then). A cut after write 1 costs the
//                  attempt. The per-boot count is reset only by a match (or reset / power-up).
//  after_compare:  a what-if (IP-Box vulnerable): the hashes are compared and the reply built
//                  first; the new count is saved in Reply::after_sent (one write on a mismatch;
//                  on a match only when the count was below the maximum). A cut before
//                  after_sent makes a wrong guess free. Here the per-boot count counts
//                  mismatches after the comparison (3 comparisons per power-up).
//
// No retries left is PIN_BLOCKED. A mismatch also regenerates the key agreement key.

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
