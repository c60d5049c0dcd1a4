// signature_valid: the assertions the checks made (the survey's silent assertions) verify
// against the public keys the host holds. Credentials known only from the listing (an in-flight
// creation's) have no public key on the host and are not judged here.

#include "harness/checks/check_factories.hpp"

namespace nk3::checks {

namespace {

class SignatureValid final : public Check {
  public:
    std::string_view name() const override { return "signature_valid"; }

    CheckResult run(CheckContext& context) override {
        int verified = 0;
        std::string bad;
        for (const auto& a : survey_assertions(context)) {
            if (!a.public_key_known || !a.result.ok()) continue;
            if (a.result.value->signature_valid) {
                ++verified;
                continue;
            }
            bad += (bad.empty() ? "" : ", ") + a.name;
        }
        if (!bad.empty()) return fail("signature does not verify: " + bad);
        if (verified == 0) return skip("no assertion to verify (no credential answered)");
        return pass();
    }
};

}  // namespace

std::unique_ptr<Check> make_signature_valid() {
    return std::make_unique<SignatureValid>();
}

}  // namespace nk3::checks
