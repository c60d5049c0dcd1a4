// pin_still_set: a PIN the key acknowledged is still set (getInfo's clientPin option) and still
// gives a token (clientPIN getPinUvAuthToken: costs nothing when right, the key restores its
// retries). A set or change in flight at the cut may leave the old PIN or the new one, never a
// PIN that is set but neither. Runs after pin_retries_consumed: a right PIN resets the count.

#include <fido/err.h>

#include "harness/checks/check_factories.hpp"

namespace nk3::checks {

namespace {

class PinStillSet final : public Check {
  public:
    std::string_view name() const override { return "pin_still_set"; }

    CheckResult run(CheckContext& context) override {
        const History& history = context.history;
        const PinHistory& h = history.pin;
        if (!h.pin && !h.pin_in_flight) return skip("no PIN in the history");
        const bool may_be_unset = !h.pin || history.reset == Fate::in_flight;

        const auto& info = survey_info(context);
        if (!info.ok()) return fail("getInfo: " + describe(info.status));
        if (!info.value->pin_set) {
            if (may_be_unset) return pass();
            return fail("PIN lost: the key says no PIN is set");
        }
        const PinProbe& probe = survey_pin(context);
        if (probe.pin) return pass();
        if (probe.last.code == FIDO_ERR_PIN_BLOCKED && h.retries_before >= 0 &&
            h.retries_before - h.wrong_attempts_acknowledged -
                    (h.wrong_attempt_in_flight ? 1 : 0) <=
                0)
            return skip("the PIN is blocked by the scenario's own wrong attempts");
        if (probe.last.code != FIDO_ERR_PIN_INVALID)
            return fail("clientPIN getPinUvAuthToken: " + describe(probe.last));
        if (!h.pin) return fail("half: a PIN is set but the PIN in flight gives no token");
        if (h.pin_in_flight)
            return fail(
                "PIN changed: neither the acknowledged PIN nor the one in flight gives a "
                "token");
        return fail("PIN changed: the acknowledged PIN gives no token");
    }
};

}  // namespace

std::unique_ptr<Check> make_pin_still_set() {
    return std::make_unique<PinStillSet>();
}

}  // namespace nk3::checks
