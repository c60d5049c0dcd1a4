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

const PinProbe& survey_pin(CheckContext& context) {
    KeySurvey& s = context.survey;
    if (s.pin) return *s.pin;
    PinProbe probe;
    const auto& info = survey_info(context);
    probe.pin_set = info.ok() && info.value->pin_set;
    if (probe.pin_set) {
        const PinHistory& h = context.history.pin;
        const std::pair<const std::optional<std::string>*, PinProbe::Works> candidates[] = {
            {&h.pin, PinProbe::Works::acknowledged},
            {&h.pin_in_flight, PinProbe::Works::in_flight},
        };
        for (const auto& [candidate, works] : candidates) {
            if (!candidate->has_value()) continue;
            const auto answer = context.link.pin_token(**candidate);
            probe.tried = true;
            probe.last = answer.status;
            if (answer.status.ok()) {
                probe.works = works;
                probe.pin = **candidate;
                break;
            }
            if (answer.status.code != FIDO_ERR_PIN_INVALID) break;  // blocked: stop trying
        }
    }
    s.pin = std::move(probe);
    return *s.pin;
}

const rig::LinkResult<std::vector<rig::ResidentCredential>>& survey_residents(
    CheckContext& context) {
    KeySurvey& s = context.survey;
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
    const PinProbe& pin = survey_pin(context);
    s.attestation = context.link.make_credential(request, pin.pin);
    return *s.attestation;
}

}  // namespace nk3::checks
