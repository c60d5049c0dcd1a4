// HostSession: one scenario step through the Link, and what it means for the History.

#include "harness/engine/host_session.hpp"

#include <algorithm>

namespace nk3::engine {

namespace {

constexpr int kPinInvalid = 0x31;      // FIDO_ERR_PIN_INVALID (CTAP2_ERR_PIN_INVALID)
constexpr int kPinAuthBlocked = 0x34;  // FIDO_ERR_PIN_AUTH_BLOCKED

template <class... F>
struct Overload : F... {
    using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

rig::Alg to_rig(scenario::Alg alg) {
    return alg == scenario::Alg::eddsa ? rig::Alg::eddsa : rig::Alg::es256;
}

std::string outcome(const rig::LinkStatus& status) {
    return status.ok()           ? "ok"
           : status.text.empty() ? "error " + std::to_string(status.code)
                                 : status.text;
}

}  // namespace

HostSession::HostSession(rig::Link& link, HostPower& power, checks::History& history,
                         std::function<bool()> power_lost)
    : link_(link), power_(power), history_(&history), power_lost_(std::move(power_lost)) {}

checks::Fate HostSession::fate_of(const rig::LinkStatus& status) const {
    if (status.ok()) return checks::Fate::acknowledged;
    if (power_lost_ && power_lost_()) return checks::Fate::in_flight;
    return checks::Fate::refused;
}

std::optional<std::string> HostSession::pin() const {
    return history_->pin.pin;
}

void HostSession::pin_used(checks::Fate fate) {
    checks::History& h = *history_;
    if (fate == checks::Fate::in_flight) h.pin.pin_use_in_flight = true;
    if (fate != checks::Fate::acknowledged) return;
    // A successful PIN use gives the retries back: read them again (history.hpp).
    reread_retries();
}

void HostSession::reread_retries() {
    checks::History& h = *history_;
    auto retries = link_.pin_retries();
    if (retries.ok()) h.pin.retries_before = *retries.value;
    h.pin.wrong_attempts_acknowledged = 0;
    h.pin.blocked_attempts_acknowledged = 0;
}

StepResult HostSession::run(const scenario::Step& step) {
    checks::History& h = *history_;
    StepResult r;
    auto finish = [&](rig::LinkStatus status, std::string what) {
        r.fate = fate_of(status);
        r.what = std::move(what) + ": " + outcome(status) +
                 (r.fate == checks::Fate::in_flight ? " (in flight at the cut)" : "");
        r.status = std::move(status);
        return r;
    };
    return std::visit(
        Overload{
            [&](const scenario::Reset&) {
                if (!power_.cycle(std::chrono::milliseconds(50))) {
                    r.fate = checks::Fate::refused;
                    r.status = {-2, "no answer after the power cycle before reset"};
                    r.what = "reset: " + r.status.text;
                    return r;
                }
                auto res = link_.reset();
                finish(res.status, "reset");
                h.reset = r.fate;
                // Every credential alive at the reset shares its fate (history.hpp).
                for (auto& c : h.credentials)
                    if ((c.created == checks::Fate::acknowledged ||
                         c.created == checks::Fate::in_flight) &&
                        c.deleted != checks::Fate::acknowledged)
                        c.deleted = r.fate;
                if (r.fate == checks::Fate::acknowledged) {
                    h.pin.pin.reset();
                    // fido-authenticator 0.1.1 sets the signature counter back to 0.
                    h.max_counter_seen = 0;
                }
                return r;
            },
            [&](const scenario::SetPin& s) {
                auto res = link_.set_pin(s.pin);
                finish(res.status, "set_pin");
                if (r.fate == checks::Fate::acknowledged) h.pin.pin = s.pin;
                if (r.fate == checks::Fate::in_flight) h.pin.pin_in_flight = s.pin;
                // A new PIN starts with every retry: read them (history.hpp).
                if (r.fate == checks::Fate::acknowledged) reread_retries();
                return r;
            },
            [&](const scenario::ChangePin& s) {
                auto res = link_.change_pin(h.pin.pin.value_or(""), s.new_pin);
                finish(res.status, "change_pin");
                if (r.fate == checks::Fate::acknowledged) h.pin.pin = s.new_pin;
                if (r.fate == checks::Fate::in_flight) h.pin.pin_in_flight = s.new_pin;
                pin_used(r.fate);
                return r;
            },
            [&](const scenario::PinAttempt& s) {
                const bool wrong = !h.pin.pin || *h.pin.pin != s.pin;
                auto res = link_.pin_token(s.pin);
                finish(res.status, wrong ? "pin_attempt (wrong PIN)" : "pin_attempt (right PIN)");
                if (wrong && r.status.code == kPinInvalid) ++h.pin.wrong_attempts_acknowledged;
                if (r.status.code == kPinAuthBlocked) ++h.pin.blocked_attempts_acknowledged;
                if (wrong && r.fate == checks::Fate::in_flight)
                    h.pin.wrong_attempt_in_flight = true;
                if (!wrong) pin_used(r.fate);
                return r;
            },
            [&](const scenario::MakeCredential& s) {
                rig::CredentialRequest req;
                req.rp = s.rp;
                req.user_id.assign(s.user.begin(), s.user.end());
                req.user_name = s.user;
                req.alg = to_rig(s.alg);
                req.resident = s.resident;
                req.cred_protect = s.cred_protect;
                const auto with_pin = pin();
                auto res = link_.make_credential(req, with_pin);
                finish(res.status, "make_credential " + s.as);
                checks::CredentialHistory entry;
                entry.name = s.as;
                entry.rp = s.rp;
                entry.resident = s.resident;
                entry.created = r.fate;
                entry.cred_protect = s.cred_protect;
                if (res.ok()) {
                    entry.credential = res.value->credential;
                    h.max_counter_seen = std::max(h.max_counter_seen, res.value->counter);
                    h.identity.attestation_x5c = res.value->attestation.has_x5c;
                    h.identity.attestation_certificate = res.value->attestation.certificate;
                    if (!res.value->attestation.aaguid.empty())
                        h.identity.aaguid = res.value->attestation.aaguid;
                }
                // A resident credential of the same rp and user is replaced: the key deletes it
                // first, so it shares this creation's fate (history.hpp).
                if (s.replaces && *s.replaces != s.as) {
                    if (auto* replaced = h.find(*s.replaces)) {
                        replaced->replaced_by = s.as;
                        if (replaced->deleted != checks::Fate::acknowledged)
                            replaced->deleted = r.fate;
                    }
                }
                if (auto* old = h.find(s.as))
                    *old = std::move(entry);
                else
                    h.credentials.push_back(std::move(entry));
                if (with_pin) pin_used(r.fate);
                return r;
            },
            [&](const scenario::GetAssertion& s) {
                std::vector<rig::Credential> allow, known;
                for (const auto& c : h.credentials)
                    if (c.credential && c.rp == s.rp) known.push_back(*c.credential);
                std::string what = "get_assertion ";
                if (s.credential) {
                    const auto* c = h.find(*s.credential);
                    if (!c || !c->credential) {
                        r.what =
                            what + *s.credential + ": not run (its creation was not acknowledged)";
                        return r;
                    }
                    allow.push_back(*c->credential);
                    what += *s.credential;
                } else {
                    what += "(discoverable) " + s.rp;
                }
                auto res = link_.get_assertion(s.rp, allow, known, s.up, std::nullopt);
                finish(res.status, what);
                if (res.ok()) h.max_counter_seen = std::max(h.max_counter_seen, res.value->counter);
                return r;
            },
            [&](const scenario::DeleteCredential& s) {
                auto* c = h.find(s.credential);
                if (!c || !c->credential) {
                    r.what = "delete_credential " + s.credential + ": not run (unknown id)";
                    return r;
                }
                const auto with_pin = pin();
                auto res = link_.delete_known_credential(*c->credential, with_pin);
                finish(res.status, "delete_credential " + s.credential);
                h.find(s.credential)->deleted = r.fate;
                if (with_pin) pin_used(r.fate);
                return r;
            },
            [&](const scenario::PowerCycle& s) {
                const bool back = power_.cycle(s.off_time);
                r.fate = back ? checks::Fate::acknowledged : checks::Fate::refused;
                r.status =
                    back ? rig::LinkStatus{} : rig::LinkStatus{-2, "no answer after power on"};
                r.what = std::string(s.plug_in ? "plug_in: " : "power_cycle: ") + outcome(r.status);
                return r;
            },
            [&](const scenario::Wait& s) {
                power_.wait(s.time);
                r.fate = checks::Fate::acknowledged;
                r.what = "wait " + std::to_string(s.time.count() / 1000000) + " ms";
                return r;
            },
            [&](const scenario::Repeat&) {
                r.what = "repeat (unrolled by the parser; not expected here)";
                return r;
            },
        },
        step);
}

}  // namespace nk3::engine
