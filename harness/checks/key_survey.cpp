// The questions the checks share, asked once per trial and cached in CheckContext::survey.

#include "harness/checks/key_survey.hpp"

#include <fido/err.h>

#include <algorithm>
#include <set>

#include "harness/checks/check.hpp"

namespace nk3::checks {

namespace {

template <typename T>
rig::LinkResult<T> not_asked(std::string text) {
    rig::LinkResult<T> out;
    out.status.code = FIDO_ERR_PIN_REQUIRED;
    out.status.text = std::move(text);
    return out;
}

bool id_known(const History& history, const rig::Bytes& id) {
    return std::any_of(
        history.credentials.begin(), history.credentials.end(),
        [&](const CredentialHistory& c) { return c.credential && c.credential->id == id; });
}

// The PINs of the history to try, in order: the acknowledged one, then the one in flight.
std::vector<std::pair<const std::string*, PinProbe::Works>> pin_candidates(const History& history) {
    std::vector<std::pair<const std::string*, PinProbe::Works>> out;
    if (history.pin.pin) out.emplace_back(&*history.pin.pin, PinProbe::Works::acknowledged);
    if (history.pin.pin_in_flight)
        out.emplace_back(&*history.pin.pin_in_flight, PinProbe::Works::in_flight);
    return out;
}

// Answers only the PIN step of a request can give (clientPIN getPinUvAuthToken): the request
// that got one learnt nothing beyond what pin_token would have.
bool is_pin_step_answer(int code) {
    return code == FIDO_ERR_PIN_INVALID || code == FIDO_ERR_PIN_BLOCKED ||
           code == FIDO_ERR_PIN_AUTH_BLOCKED || code == FIDO_ERR_PIN_NOT_SET;
}

}  // namespace

bool is_no_credentials(const rig::LinkStatus& status) {
    return status.code == FIDO_ERR_NO_CREDENTIALS;
}

std::string describe(const rig::LinkStatus& status) {
    if (status.text.empty()) return "code " + std::to_string(status.code);
    return status.text;
}

const rig::LinkResult<rig::DeviceInfo>& survey_info(CheckContext& context) {
    KeySurvey& s = context.survey;
    if (!s.info) s.info = context.link.connect();
    return *s.info;
}

namespace {

// Walks the history's PINs in order (the acknowledged one, then the one in flight) with
// `attempt`, which asks the key with one PIN and returns its answer, until a PIN works or the
// key answers anything but PIN_INVALID (blocked: no more tries). The probe says which worked.
template <typename Attempt>
PinProbe probe_pins(CheckContext& context, Attempt&& attempt) {
    PinProbe probe;
    const auto& info = survey_info(context);
    probe.pin_set = info.ok() && info.value->pin_set;
    if (!probe.pin_set) return probe;
    for (const auto& [candidate, works] : pin_candidates(context.history)) {
        probe.tried = true;
        probe.last = attempt(*candidate);
        if (probe.last.ok()) {
            probe.works = works;
            probe.pin = *candidate;
            break;
        }
        if (probe.last.code != FIDO_ERR_PIN_INVALID) break;  // blocked: stop trying
    }
    return probe;
}

}  // namespace

const PinProbe& survey_pin(CheckContext& context) {
    KeySurvey& s = context.survey;
    if (!s.pin)
        s.pin = probe_pins(
            context, [&](const std::string& pin) { return context.link.pin_token(pin).status; });
    return *s.pin;
}

namespace {

// The listing asked before anything asked which PIN works: the listing itself tries the
// history's PINs, in survey_pin's order, so that finding the PIN costs no token of its own (every
// credentialManagement request with a PIN gets a token of its own). Fills survey.pin as
// survey_pin would have, and survey.residents when a PIN works. A failure the PIN step cannot
// have given (the PIN may have given a token, then the listing failed) does not say whether the
// PIN works: pin_token asks, and when it works the failed listing stands, as if survey_pin had
// asked first.
void list_trying_pins(CheckContext& context) {
    KeySurvey& s = context.survey;
    s.pin = probe_pins(context, [&](const std::string& pin) {
        auto listing = context.link.resident_credentials(pin);
        rig::LinkStatus answer = listing.status;
        if (!listing.ok() && !is_pin_step_answer(answer.code))
            answer = context.link.pin_token(pin).status;  // did the PIN give a token?
        // The listing stands for the PIN that works, as if survey_pin had asked first.
        if (answer.ok()) s.residents = std::move(listing);
        return answer;
    });
}

}  // namespace

const rig::LinkResult<std::vector<rig::ResidentCredential>>& survey_residents(
    CheckContext& context) {
    KeySurvey& s = context.survey;
    if (s.residents) return *s.residents;
    if (!s.pin) list_trying_pins(context);
    if (s.residents) return *s.residents;
    const PinProbe& pin = survey_pin(context);
    if (!pin.pin)
        s.residents = not_asked<std::vector<rig::ResidentCredential>>(
            pin.pin_set ? "no PIN of the history gives a token" : "no PIN is set");
    else
        s.residents = context.link.resident_credentials(pin.pin);
    return *s.residents;
}

const std::vector<SurveyAssertion>& survey_assertions(CheckContext& context) {
    KeySurvey& s = context.survey;
    if (s.assertions_done) return s.assertions;
    s.assertions_done = true;
    const History& history = context.history;
    auto assert_silently = [&](SurveyAssertion a, int cred_protect) {
        std::optional<std::string> pin;
        if (cred_protect >= 3) pin = survey_pin(context).pin;
        const std::vector<rig::Credential> allow{a.credential};
        a.result = context.link.get_assertion(
            a.credential.rp, allow, a.public_key_known ? allow : std::vector<rig::Credential>{},
            /*up=*/false, pin);
        s.assertions.push_back(std::move(a));
    };
    for (const auto& c : history.credentials) {
        if (!c.credential) continue;
        SurveyAssertion a;
        a.name = c.name;
        a.credential = *c.credential;
        assert_silently(std::move(a), c.cred_protect);
    }
    // Resident creations in flight at the cut: their ids are unknown, the listing may show them.
    std::set<std::string> in_flight_rps;
    for (const auto& c : history.credentials)
        if (c.resident && c.created == Fate::in_flight) in_flight_rps.insert(c.rp);
    if (in_flight_rps.empty()) return s.assertions;
    const auto& listing = survey_residents(context);
    if (!listing.ok()) return s.assertions;
    for (const auto& r : *listing.value) {
        if (!in_flight_rps.count(r.rp) || id_known(history, r.id)) continue;
        std::string name;
        int cred_protect = 0;
        for (const auto& c : history.credentials)
            if (c.resident && c.created == Fate::in_flight && c.rp == r.rp) {
                name += (name.empty() ? "" : "|") + c.name;
                cred_protect = std::max(cred_protect, c.cred_protect);
            }
        SurveyAssertion a;
        a.name = name;
        a.credential.rp = r.rp;
        a.credential.id = r.id;
        a.credential.user_id = r.user_id;
        a.credential.resident = true;
        a.public_key_known = false;
        assert_silently(std::move(a), cred_protect);
    }
    return s.assertions;
}

const SurveyAssertion* find_assertion(const KeySurvey& survey, const std::string& name) {
    for (const auto& a : survey.assertions)
        if (a.name == name) return &a;
    return nullptr;
}

const rig::LinkResult<rig::MadeCredential>& survey_attestation(CheckContext& context) {
    KeySurvey& s = context.survey;
    if (s.attestation) return *s.attestation;
    rig::CredentialRequest request;
    request.rp = kAttestationRp;
    request.user_id = {'n', 'k', '3', 'r', 'i', 'g'};
    request.user_name = "nk3rig-check";
    request.alg = rig::Alg::es256;
    request.resident = false;
    // Without a PIN first: a non-resident credential needs no user verification on a key with
    // makeCredUvNotRqd (the NK3), and a PIN costs a token and two retry-counter writes. A key
    // that wants one for every credential (CTAP 2.0) answers PIN_REQUIRED: then with the PIN that
    // works, as a client would.
    s.attestation = context.link.make_credential(request, std::nullopt);
    if (s.attestation->status.code == FIDO_ERR_PIN_REQUIRED) {
        const PinProbe& pin = survey_pin(context);
        if (pin.pin) s.attestation = context.link.make_credential(request, pin.pin);
    }
    return *s.attestation;
}

}  // namespace nk3::checks
