// credentials_survive: every credential the history knows is where the history says. Each
// credential with a known id gets a silent assertion (getAssertion, allow list, up=false); for
// resident ones the credentialManagement listing (with the PIN that works) must agree with it.
// Reports, by name: lost (acknowledged, now gone), resurrected (deletion acknowledged, now
// back), half (listed yet unusable, or usable yet not listed), unexpected (a listed credential
// on one of the scenario's rps that no step created), and answers that say neither.

#include <algorithm>
#include <map>
#include <set>

#include "harness/checks/check_factories.hpp"
#include "harness/checks/credential_expectation.hpp"

namespace nk3::checks {

namespace {

enum class Seen : unsigned char { present, absent, listed_unusable, usable_unlisted, error };

struct Findings {
    std::map<std::string, std::vector<std::string>> by_class;  // class -> "name (detail)"
    void add(const std::string& cls, std::string what) { by_class[cls].push_back(std::move(what)); }
};

class CredentialsSurvive final : public Check {
  public:
    std::string_view name() const override { return "credentials_survive"; }

    CheckResult run(CheckContext& context) override {
        const History& history = context.history;
        if (history.credentials.empty()) return skip("no credential in the history");
        const auto& assertions = survey_assertions(context);

        const bool any_resident =
            std::any_of(history.credentials.begin(), history.credentials.end(),
                        [](const CredentialHistory& c) { return c.resident && c.credential; });
        const rig::LinkResult<std::vector<rig::ResidentCredential>>* listing = nullptr;
        if (any_resident) {
            const auto& l = survey_residents(context);
            if (l.ok()) listing = &l;
        }
        auto listed = [&](const rig::Bytes& id) -> std::optional<bool> {
            if (listing == nullptr) return std::nullopt;
            return std::any_of(listing->value->begin(), listing->value->end(),
                               [&](const rig::ResidentCredential& r) { return r.id == id; });
        };

        Findings findings;
        std::set<std::string> rps;
        for (const auto& c : history.credentials) {
            rps.insert(c.rp);
            const Expect expect = expectation(c);
            if (!c.credential) continue;  // in flight: judged from the listing below
            const SurveyAssertion* a = find_assertion(context.survey, c.name);
            if (a == nullptr) continue;  // cannot happen: every known id is asserted
            std::string detail;
            const Seen seen =
                observe(*a, c.resident ? listed(c.credential->id) : std::nullopt, detail);
            if (seen == Seen::error) {
                findings.add("error", c.name + " (" + detail + ")");
                continue;
            }
            const bool half = seen == Seen::listed_unusable || seen == Seen::usable_unlisted;
            const std::string half_text =
                seen == Seen::listed_unusable ? "listed yet unusable" : "usable yet not listed";
            switch (expect) {
                case Expect::present:
                    if (seen == Seen::absent)
                        findings.add("lost", c.name);
                    else if (half)
                        findings.add("half", c.name + " (" + half_text + ")");
                    break;
                case Expect::absent:
                    if (seen == Seen::present)
                        findings.add("resurrected", c.name);
                    else if (half)
                        findings.add("resurrected", c.name + " (" + half_text + ")");
                    break;
                case Expect::either:
                    if (half) findings.add("half", c.name + " (" + half_text + ")");
                    if (seen == Seen::absent && replaced_in_flight(c) &&
                        !replacement_present(history, *c.replaced_by, c.rp, assertions))
                        findings.add("lost", c.name + " (replaced by " + *c.replaced_by +
                                                 " in flight: neither is there)");
                    break;
            }
        }
        judge_in_flight(assertions, findings);
        if (listing != nullptr) find_unexpected(history, rps, *listing->value, findings);
        return verdict(findings);
    }

  private:
    static Seen observe(const SurveyAssertion& a, std::optional<bool> listed, std::string& detail) {
        bool usable = false;
        if (a.result.ok())
            usable = true;
        else if (!is_no_credentials(a.result.status)) {
            detail = "getAssertion: " + describe(a.result.status);
            return Seen::error;
        }
        if (!listed.has_value() || *listed == usable) return usable ? Seen::present : Seen::absent;
        return usable ? Seen::usable_unlisted : Seen::listed_unusable;
    }

    static bool replaced_in_flight(const CredentialHistory& c) {
        return c.replaced_by && c.created == Fate::acknowledged && c.deleted == Fate::in_flight;
    }

    // The replacing credential works: by its id when its creation was acknowledged, else as a
    // listed credential on the rp that no known id explains.
    static bool replacement_present(const History& history, const std::string& name,
                                    const std::string& rp,
                                    const std::vector<SurveyAssertion>& assertions) {
        const CredentialHistory* r = history.find(name);
        for (const auto& a : assertions) {
            if (!a.result.ok()) continue;
            if (r != nullptr && r->credential && a.name == name) return true;
            if (!a.public_key_known && a.credential.rp == rp) return true;
        }
        return false;
    }

    // Resident creations in flight: the listing may show them (the survey asserted with the
    // listed id); listed, they must also work. Not listed, nothing is known of them.
    static void judge_in_flight(const std::vector<SurveyAssertion>& assertions,
                                Findings& findings) {
        for (const auto& a : assertions) {
            if (a.public_key_known || a.result.ok()) continue;
            if (is_no_credentials(a.result.status))
                findings.add("half", a.name + " (in flight: listed yet unusable)");
            else
                findings.add("error",
                             a.name + " (getAssertion: " + describe(a.result.status) + ")");
        }
    }

    static void find_unexpected(const History& history, const std::set<std::string>& rps,
                                const std::vector<rig::ResidentCredential>& listing,
                                Findings& findings) {
        for (const auto& r : listing) {
            if (!rps.count(r.rp)) continue;
            bool explained = false;
            for (const auto& c : history.credentials) {
                if (c.credential && c.credential->id == r.id) explained = true;
                if (!c.credential && c.resident && c.created == Fate::in_flight && c.rp == r.rp)
                    explained = true;
            }
            if (!explained) findings.add("unexpected", "a credential listed for rp " + r.rp);
        }
    }

    static CheckResult verdict(const Findings& findings) {
        if (findings.by_class.empty()) return pass();
        std::string reason;
        for (const char* cls : {"lost", "resurrected", "half", "unexpected", "error"}) {
            auto it = findings.by_class.find(cls);
            if (it == findings.by_class.end()) continue;
            if (!reason.empty()) reason += "; ";
            reason += std::string(cls) + ": ";
            for (std::size_t i = 0; i < it->second.size(); ++i)
                reason += (i ? ", " : "") + it->second[i];
        }
        return fail(reason);
    }
};

}  // namespace

std::unique_ptr<Check> make_credentials_survive() {
    return std::make_unique<CredentialsSurvive>();
}

}  // namespace nk3::checks
