// The PIN hash comparison and its retry-counter writes.

#include "fido/pin_check.hpp"

#include "fido/ctap_status.hpp"

namespace nk3::fido {

void check_pin_usable(const Session& s) {
    // fido-authenticator 0.1.1 learns that no PIN is set only at the comparison, after the
    // retry counter was paid (decrypt_pin_hash_and_maybe_escalate).
    if (!s.state.pin_set() &&
        (s.ctap21() || s.config.pin_retries_write == PinRetriesWrite::after_compare))
        throw CtapError(status::kPinNotSet, "no PIN");
    if (s.state.pin_retries == 0) throw CtapError(status::kPinBlocked, "PIN blocked");
    if (s.mismatches_since_boot >= s.config.pin_retries_per_boot)
        throw CtapError(status::kPinAuthBlocked, "power cycle needed");
}

PinCheckResult check_pin_hash(Session& s, const crypto::PinProtocol& protocol,
                              crypto::ByteView shared_secret, crypto::ByteView pin_hash_enc) {
    check_pin_usable(s);
    auto hash = protocol.decrypt(shared_secret, pin_hash_enc);
    if (!hash || hash->size() != 16)
        throw CtapError(status::kInvalidParameter, "pinHashEnc has the wrong length");

    const bool before = s.config.pin_retries_write == PinRetriesWrite::before_compare;
    PersistentState next = s.state;
    PinCheckResult out;
    if (before) {
        // State::decrement_retries: the persistent count is paid and saved (write 1), then the
        // per-boot count; reaching the per-boot limit refuses before the comparison.
        --next.pin_retries;
        s.save(next);
        ++s.mismatches_since_boot;
        if (s.mismatches_since_boot >= s.config.pin_retries_per_boot) {
            crypto::secure_wipe(*hash);
            out.error = status::kPinAuthBlocked;
            return out;
        }
        if (!s.state.pin_set()) {
            crypto::secure_wipe(*hash);
            throw CtapError(status::kPinNotSet, "no PIN");
        }
    }
    const bool match = crypto::constant_time_equal(*hash, *s.state.pin_hash);
    crypto::secure_wipe(*hash);
    if (!match) {
        s.regenerate_key_agreement();
        if (before) {
            out.error = s.state.pin_retries == 0 ? status::kPinBlocked : status::kPinInvalid;
            return out;
        }
        ++s.mismatches_since_boot;
        --next.pin_retries;
        s.state = next;
        fs::Filesystem* fs = &s.fs;
        out.after_sent = [fs, next] { save_state(*fs, next); };
        if (s.state.pin_retries == 0)
            out.error = status::kPinBlocked;
        else if (s.mismatches_since_boot >= s.config.pin_retries_per_boot)
            out.error = status::kPinAuthBlocked;
        else
            out.error = status::kPinInvalid;
        return out;
    }
    s.mismatches_since_boot = 0;
    if (next.pin_retries != s.config.pin_retries) {
        next.pin_retries = s.config.pin_retries;
        if (before) {
            s.save(next);  // write 2: restore
        } else {
            s.state = next;
            fs::Filesystem* fs = &s.fs;
            out.after_sent = [fs, next] { save_state(*fs, next); };
        }
    }
    return out;
}

}  // namespace nk3::fido
