// device_returns: the key answered after power came back (Link::connect, getInfo). When it did
// not, run_checks() reports every other check as "device did not return".

#include "harness/checks/check_factories.hpp"

namespace nk3::checks {

namespace {

class DeviceReturns final : public Check {
  public:
    std::string_view name() const override { return "device_returns"; }

    CheckResult run(CheckContext& context) override {
        if (context.device_answered) return pass();
        const auto& info = survey_info(context);
        if (!info.ok()) return fail("no answer after power came back: " + describe(info.status));
        context.device_answered = true;
        return pass();
    }
};

}  // namespace

std::unique_ptr<Check> make_device_returns() {
    return std::make_unique<DeviceReturns>();
}

}  // namespace nk3::checks
