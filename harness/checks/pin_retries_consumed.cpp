// pin_retries_consumed: no wrong PIN attempt is free. With R0 the retries read before the
// operation, W the wrong attempts the key answered PIN_INVALID to, F = 1 when a wrong attempt
// was in flight at the cut and U = 1 when a right-PIN use was, the retries R read after power
// returns must satisfy
//     R0 - W - F - U - B  <=  R  <=  R0 - W        (no upper bound when U = 1)
// where B counts attempts answered PIN_AUTH_BLOCKED: the one that reaches the per-power-up limit
// was paid for before it was refused (fido-authenticator 0.1.1 State::decrement_retries).
// R above the bound: an answered wrong attempt cost nothing (the IP-Box attack, CVE-2014-4451).
// R below it: more retries gone than attempts made (a torn counter write). An in-flight attempt
// may go either way: its answer never reached the host, so counting it or not gives nothing
// away. A PIN that is gone altogether means the count was forgotten. Reads only (getInfo,
// getRetries): run before anything tries a PIN.

#include <algorithm>

#include "harness/checks/check_factories.hpp"

namespace nk3::checks {

namespace {

class PinRetriesConsumed final : public Check {
  public:
    std::string_view name() const override { return "pin_retries_consumed"; }

    CheckResult run(CheckContext& context) override {
        const History& history = context.history;
        const PinHistory& h = history.pin;
        if (!h.pin && !h.pin_in_flight) return skip("no PIN in the history");
        if (h.retries_before < 0) return skip("the retries were not read before the operation");
        // A reset in flight may have put the count back to its maximum. An acknowledged one (in the
        // setup, or the operation) is the engine's to re-base: history.hpp.
        if (history.reset == Fate::in_flight) return skip("a reset was in flight at the cut");

        const auto& info = survey_info(context);
        if (!info.ok()) return fail("getInfo: " + describe(info.status));
        if (!info.value->pin_set) {
            if (!h.pin) return skip("the PIN in flight was not set; nothing to count");
            return fail("count forgotten: the key says no PIN is set");
        }
        const auto retries = context.link.pin_retries();
        if (!retries.ok()) return fail("getRetries: " + describe(retries.status));

        const int r = *retries.value;
        const int r0 = h.retries_before;
        const int w = h.wrong_attempts_acknowledged;
        const int f = h.wrong_attempt_in_flight ? 1 : 0;
        const int u = h.pin_use_in_flight ? 1 : 0;
        const int b = h.blocked_attempts_acknowledged;
        const int high = std::max(r0 - w, 0);
        const int low = std::max(r0 - w - f - u - b, 0);
        const std::string tally =
            " (" + std::to_string(r0) + " before, " + std::to_string(w) +
            " wrong attempt(s) answered" + (f ? ", one in flight" : "") +
            (u ? ", a right-PIN use in flight" : "") +
            (b ? ", " + std::to_string(b) + " answered PIN_AUTH_BLOCKED" : "") + ")";
        if (u == 0 && r > high)
            return fail("free wrong attempt: " + std::to_string(r) + " retries left, at most " +
                        std::to_string(high) + " expected" + tally);
        if (r < low)
            return fail("retries lost: " + std::to_string(r) + " retries left, at least " +
                        std::to_string(low) + " expected" + tally);
        return pass();
    }
};

}  // namespace

std::unique_ptr<Check> make_pin_retries_consumed() {
    return std::make_unique<PinRetriesConsumed>();
}

}  // namespace nk3::checks
