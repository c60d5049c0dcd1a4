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
    std::string name;                           // the scenario's `as`
    std::string rp;
    bool resident = false;
    Fate created = Fate::none;
    Fate deleted = Fate::none;
    std::optional<rig::Credential> credential;  // known when its creation was acknowledged
};

struct PinHistory {
    std::optional<std::string> pin;          // the PIN the key acknowledged last (never logged)
    std::optional<std::string> pin_in_flight;  // a set/change in flight at the cut
    int retries_before = -1;                 // retries read before the operation (-1: unknown)
    int wrong_attempts_acknowledged = 0;     // wrong PINs the key answered PIN_INVALID to
    bool wrong_attempt_in_flight = false;
};

// What the key looked like before the operation under test, to tell a self-reset.
struct Identity {
    rig::Bytes aaguid;
    bool attestation_x5c = false;
    rig::Bytes attestation_certificate;
};

struct History {
    std::vector<CredentialHistory> credentials;
    PinHistory pin;
    Identity identity;
    std::uint32_t max_counter_seen = 0;
    Fate reset = Fate::none;  // an authenticatorReset in the operation
    bool cut_happened = false;

    CredentialHistory* find(const std::string& name);
    const CredentialHistory* find(const std::string& name) const;
};

}  // namespace nk3::checks
