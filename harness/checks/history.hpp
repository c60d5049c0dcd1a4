#pragma once
// What the host was told during a trial, Jepsen-style: every credential created or deleted with
// whether the key acknowledged it, or whether the request was in flight when power went; the
// PIN; wrong-PIN attempts; the counters the host saw. The checks judge the key after power
// returns against this: acknowledged-then-missing is *lost*, deleted-then-back is
// *resurrected*, in flight is *indeterminate* (either outcome is fine, but never half: listed
// yet unusable).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rig/link.hpp"

namespace nk3::checks {

enum class Fate : unsigned char { none, acknowledged, in_flight, refused };

struct CredentialHistory {
    std::string name;  // the scenario's `as`
    std::string rp;
    bool resident = false;
    Fate created = Fate::none;
    Fate deleted = Fate::none;
    std::optional<rig::Credential> credential;  // known when its creation was acknowledged
    int cred_protect = 0;  // as asked at creation; 3 (UV required): the checks assert with the PIN
    // A later resident creation for the same rp and user (scenario MakeCredential::replaces)
    // names this one here, and gives it deleted = its own fate. A replacement in flight may leave
    // the old credential or the new one, never neither.
    std::optional<std::string> replaced_by;

    bool operator==(const CredentialHistory&) const = default;
};

struct PinHistory {
    std::optional<std::string> pin;            // the PIN the key acknowledged last (never logged)
    std::optional<std::string> pin_in_flight;  // a set/change in flight at the cut
    // Retries read before the operation (-1: unknown). Whenever the count goes back to its
    // maximum (an acknowledged successful PIN use, or an acknowledged set_pin), the engine re-reads
    // them here and sets wrong_attempts_acknowledged back to 0 (pin_retries_consumed,
    // docs/checks.md).
    int retries_before = -1;
    int wrong_attempts_acknowledged = 0;  // wrong PINs the key answered PIN_INVALID to
    // PIN attempts (right or wrong) the key answered PIN_AUTH_BLOCKED to. fido-authenticator
    // 0.1.1 pays the attempt that reaches the per-power-up limit before refusing it without a
    // comparison (State::decrement_retries); later ones cost nothing. So each may have cost one
    // retry.
    int blocked_attempts_acknowledged = 0;
    bool wrong_attempt_in_flight = false;
    // A request that verifies the right PIN (pin_attempt with the right PIN, change_pin, a
    // command with a PIN token) was in flight at the cut: it may have cost one retry that its
    // success had not yet given back (the NK3 decrements before it compares).
    bool pin_use_in_flight = false;

    bool operator==(const PinHistory&) const = default;
};

// What the key looked like before the operation under test, to tell a self-reset.
struct Identity {
    rig::Bytes aaguid;
    bool attestation_x5c = false;
    rig::Bytes attestation_certificate;

    bool operator==(const Identity&) const = default;
};

struct History {
    std::vector<CredentialHistory> credentials;
    PinHistory pin;
    Identity identity;
    std::uint32_t max_counter_seen = 0;
    // The last authenticatorReset (the setup's or the operation's; the checks only care whether
    // one was in flight at the cut). The engine also folds it into the rest: every
    // credential alive at the reset gets deleted = the reset's fate; an acknowledged reset clears
    // pin.pin (an in-flight one leaves it: the checks then accept a key without a PIN).
    Fate reset = Fate::none;
    bool cut_happened = false;

    // Field by field: the outcome cache compares a hit's History with the trial's by value
    // (docs/engine.md, "Same state, same outcome").
    bool operator==(const History&) const = default;

    CredentialHistory* find(const std::string& name);
    const CredentialHistory* find(const std::string& name) const;
};

}  // namespace nk3::checks
