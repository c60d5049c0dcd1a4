#pragma once
// What the checks ask the key, asked once per trial and shared: getInfo, which PIN gives a
// token, the resident-credential listing, a silent assertion (up=false) of every credential the
// history holds an id for, and the throwaway attestation credential. Several checks judge the
// same answers (credentials_survive, signature_valid, counter_monotonic, no_self_reset), so the
// key is asked once and the checks stay independent of each other's order. Every question is
// asked lazily, the first time a check needs it; docs/checks.md says which check asks what.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/checks/history.hpp"
#include "rig/link.hpp"

namespace nk3::checks {

struct CheckContext;

// The PIN as the key sees it: set or not (getInfo), and which of the history's PINs gives a
// token (the acknowledged one first, then the one in flight at the cut). Trying a wrong PIN
// costs a retry, so pin_retries_consumed reads the retries before anything asks this.
struct PinProbe {
    enum class Works : unsigned char { none, acknowledged, in_flight };
    bool pin_set = false;
    Works works = Works::none;
    std::optional<std::string> pin;  // the PIN that works (never logged)
    bool tried = false;              // at least one pin_token was sent
    rig::LinkStatus last;            // the last pin_token answer
};

// One silent assertion of a credential of the history (or of a resident credential the listing
// showed that no acknowledged creation explains: an in-flight creation's).
struct SurveyAssertion {
    std::string name;  // the credential's `as`
    rig::Credential credential;
    bool public_key_known = true;  // false for a credential known only from the listing
    rig::LinkResult<rig::Assertion> result;
};

struct KeySurvey {
    std::optional<rig::LinkResult<rig::DeviceInfo>> info;
    std::optional<PinProbe> pin;
    std::optional<rig::LinkResult<std::vector<rig::ResidentCredential>>> residents;
    bool assertions_done = false;
    std::vector<SurveyAssertion> assertions;  // in the order they were made
    std::optional<rig::LinkResult<rig::MadeCredential>> attestation;
};

// The rp of the throwaway credential attestation_present (and no_self_reset) makes.
inline constexpr const char* kAttestationRp = "attestation.nk3rig.invalid";

// getInfo after power came back (Link::connect), unless the engine put its answer there.
const rig::LinkResult<rig::DeviceInfo>& survey_info(CheckContext& context);
// Which PIN works. Sends pin_token only when getInfo says a PIN is set (unless the listing has
// already found out, see survey_residents).
const PinProbe& survey_pin(CheckContext& context);
// credentialManagement listing with the PIN that works (not ok when none works). When nothing
// has asked which PIN works yet, the listing itself tries the history's PINs in survey_pin's
// order and fills survey.pin with what it found (every listing request takes a PIN token of its
// own, so a separate pin_token first would cost one more).
const rig::LinkResult<std::vector<rig::ResidentCredential>>& survey_residents(
    CheckContext& context);
// A silent assertion of every credential of the history with a known id, in history order;
// then, for resident credentials listed that no known id explains on an rp where a creation was
// in flight, an assertion with the listed id (its public key unknown).
const std::vector<SurveyAssertion>& survey_assertions(CheckContext& context);
const SurveyAssertion* find_assertion(const KeySurvey& survey, const std::string& name);
// makeCredential of a non-resident ES256 credential for kAttestationRp: without a PIN (a key with
// makeCredUvNotRqd, the NK3, needs none for it), then, if the key answers PIN_REQUIRED, with the
// PIN that works.
const rig::LinkResult<rig::MadeCredential>& survey_attestation(CheckContext& context);

// The answer code of a key that does not know the credential (libfido2's value).
bool is_no_credentials(const rig::LinkStatus& status);
// "0x2e no credentials" style text for a reason line.
std::string describe(const rig::LinkStatus& status);

}  // namespace nk3::checks
