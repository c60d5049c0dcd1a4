// device_returns: the key answered after power came back (Link::connect, getInfo). When it did
// not, the key is plugged in again up to kFurtherCycles times (CheckContext::replug): a key that
// answers then fails this check but is judged by the others; a key that never answers is dead,
// and run_checks() reports every other check as "device did not return". On the simulator the
// reason says why the firmware halted (a panic at boot, or at its first request).

#include "harness/checks/check_factories.hpp"

namespace nk3::checks {

namespace {

class DeviceReturns final : public Check {
  public:
    std::string_view name() const override { return "device_returns"; }

    static constexpr int kFurtherCycles = 3;

    CheckResult run(CheckContext& context) override {
        if (context.device_answered) return pass();
        const auto& info = survey_info(context);
        if (info.ok()) {
            context.device_answered = true;
            return pass();
        }
        const std::string first = "no answer after power came back: " + describe(info.status);
        if (!context.replug) return fail(first + halted(context));
        for (int n = 1; n <= kFurtherCycles; ++n) {
            if (!context.replug()) continue;
            context.survey = {};  // what the key answers now, not before
            context.device_answered = true;
            return fail(first + "; it answered after " + std::to_string(n) + " more power cycle" +
                        (n > 1 ? "s" : ""));
        }
        return fail("the key is dead: " + first + ", nor after " + std::to_string(kFurtherCycles) +
                    " more power cycles" + halted(context));
    }

  private:
    static std::string halted(const CheckContext& context) {
        if (context.sim == nullptr) return "";
        const auto& boot = context.sim->last_boot();
        if (!boot.halted) return "";
        return " (the firmware halted: " + boot.detail + ")";
    }
};

}  // namespace

std::unique_ptr<Check> make_device_returns() {
    return std::make_unique<DeviceReturns>();
}

}  // namespace nk3::checks
