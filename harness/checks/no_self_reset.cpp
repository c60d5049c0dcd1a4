// no_self_reset: the key is still the same key, not one that started over. Three pieces of
// evidence: the AAGUID (getInfo) equals the one read before the operation; the attestation
// certificate, read from a throwaway credential's x5c, is the one it had (asked only when it had
// one); and the device secret: when the history holds non-resident credentials that must still
// exist, at least one of them still unwraps (a key that lost its state file answers none, as in
// the SSH "device not found" incident). credentials_survive names each lost credential; this
// check says the key reset itself.

#include "harness/checks/check_factories.hpp"
#include "harness/checks/credential_expectation.hpp"

namespace nk3::checks {

namespace {

class NoSelfReset final : public Check {
  public:
    std::string_view name() const override { return "no_self_reset"; }

    CheckResult run(CheckContext& context) override {
        const History& history = context.history;
        std::vector<std::string> evidence;

        const auto& info = survey_info(context);
        if (!info.ok()) return fail("getInfo: " + describe(info.status));
        if (!history.identity.aaguid.empty() && info.value->aaguid != history.identity.aaguid)
            evidence.push_back("AAGUID changed");

        // Credentials a reset removed (acknowledged or in flight) are not expected present, so an
        // intended reset is not evidence here.
        int expected = 0;
        int refused = 0;
        std::string names;
        for (const auto& a : survey_assertions(context)) {
            const CredentialHistory* c = history.find(a.name);
            if (c == nullptr || c->resident || expectation(*c) != Expect::present) continue;
            ++expected;
            if (is_no_credentials(a.result.status)) {
                ++refused;
                names += (names.empty() ? "" : ", ") + c->name;
            }
        }
        if (expected > 0 && refused == expected)
            evidence.push_back("device secret changed: no non-resident credential unwraps (" +
                               names + ")");

        if (history.identity.attestation_x5c) {
            const auto& made = survey_attestation(context);
            if (!made.ok())
                evidence.push_back("attestation not readable: makeCredential: " +
                                   describe(made.status));
            else if (!made.value->attestation.has_x5c)
                evidence.push_back("attestation certificate gone");
            else if (made.value->attestation.certificate !=
                     history.identity.attestation_certificate)
                evidence.push_back("attestation certificate changed");
        }

        if (evidence.empty()) return pass();
        std::string reason;
        for (const auto& e : evidence)
            reason += (reason.empty() ? "" : "; ") + e;
        return fail(reason);
    }
};

}  // namespace

std::unique_ptr<Check> make_no_self_reset() {
    return std::make_unique<NoSelfReset>();
}

}  // namespace nk3::checks
