// counter_monotonic: the signature counter of every assertion the checks made is greater than
// the highest counter the host saw before power came back (History::max_counter_seen). A counter
// that went back means the key forgot a write it had acknowledged (or started over). The NK3 has
// one counter for all credentials.

#include "harness/checks/check_factories.hpp"

namespace nk3::checks {

namespace {

class CounterMonotonic final : public Check {
  public:
    std::string_view name() const override { return "counter_monotonic"; }

    CheckResult run(CheckContext& context) override {
        // fido-authenticator 0.1.1's reset sets the counter to 0: with one in flight the counter
        // may have restarted (an acknowledged one re-bases max_counter_seen: host_session.cpp).
        if (context.history.reset == Fate::in_flight)
            return skip("a reset was in flight at the cut");
        const std::uint32_t before = context.history.max_counter_seen;
        int judged = 0;
        for (const auto& a : survey_assertions(context)) {
            if (!a.result.ok()) continue;
            ++judged;
            const std::uint32_t counter = a.result.value->counter;
            if (counter <= before)
                return fail("counter went back: " + a.name + " answered " +
                            std::to_string(counter) + ", the host had seen " +
                            std::to_string(before));
        }
        if (judged == 0) return skip("no assertion to read a counter from");
        return pass();
    }
};

}  // namespace

std::unique_ptr<Check> make_counter_monotonic() {
    return std::make_unique<CounterMonotonic>();
}

}  // namespace nk3::checks
