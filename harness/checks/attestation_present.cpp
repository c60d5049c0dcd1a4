// attestation_present: the key still attests with its certificate. The only black-box way to
// see the x5c is a makeCredential, which writes flash, so this makes one throwaway non-resident
// credential for an rp no scenario uses (kAttestationRp), and runs last of all checks. Passes
// when the answer carries an x5c and the attestation statement verifies. Without its attestation
// key and certificate the NK3 falls back to self attestation ("x5c not found" in nitropy).

#include "harness/checks/check_factories.hpp"

namespace nk3::checks {

namespace {

class AttestationPresent final : public Check {
  public:
    std::string_view name() const override { return "attestation_present"; }

    CheckResult run(CheckContext& context) override {
        const auto& made = survey_attestation(context);
        if (!made.ok()) return fail("makeCredential: " + describe(made.status));
        const rig::Attestation& a = made.value->attestation;
        if (!a.has_x5c)
            return fail(std::string("no x5c (self attestation)") +
                        (context.history.identity.attestation_x5c
                             ? "; the key had one before the operation"
                             : "; none before the operation either"));
        if (!a.signature_valid) return fail("the attestation statement does not verify");
        return pass();
    }
};

}  // namespace

std::unique_ptr<Check> make_attestation_present() {
    return std::make_unique<AttestationPresent>();
}

}  // namespace nk3::checks
