#pragma once
// One oracle run after power comes back: a name (the scenario's `checks:` list), and a verdict
// with a one-line reason. Each check is its own small unit (one file) with its own tests.
// Checks talk to the key only through the Link (black box, works on a real key); `fs_intact`
// uses the simulator's filesystem check when there is one and the admin status otherwise.
// What each check asks the key, and what passes: docs/checks.md.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/checks/history.hpp"
#include "harness/checks/key_survey.hpp"
#include "rig/link.hpp"
#include "rig/sim_powers.hpp"

namespace nk3::checks {

struct CheckContext {
    rig::Link& link;
    rig::SimPowers* sim;  // null on a bench
    const History& history;
    bool device_answered = false;  // the key answered after power came back
    // Unplugs and plugs in the key again and reconnects; true when it answered. Empty when the
    // rig cannot (then device_returns judges the first power-up alone).
    std::function<bool()> replug{};
    // What the key was asked once and several checks look at (getInfo, the PIN that works,
    // assertions of the history's credentials, the throwaway attestation credential), filled
    // lazily by key_survey.hpp. The engine may put its own connect() answer in survey.info.
    KeySurvey survey{};
};

struct CheckResult {
    bool passed = true;
    std::string reason;  // one line when failed: "lost: credential ssh (acknowledged) ..."
    // Passed because there was nothing to judge (no PIN in the history, no admin status on this
    // key, ...); `reason` says why.
    bool skipped = false;
};

class Check {
  public:
    virtual ~Check() = default;
    virtual std::string_view name() const = 0;
    virtual CheckResult run(CheckContext& context) = 0;
};

// device_returns, fs_intact, pin_retries_consumed, pin_still_set, credentials_survive,
// signature_valid, counter_monotonic, no_self_reset, attestation_present: the order run_checks()
// runs them in (what only reads the key first; what spends a PIN or writes a credential last).
const std::vector<std::string_view>& check_names();
// nullptr for an unknown name.
std::unique_ptr<Check> make_check(std::string_view name);

}  // namespace nk3::checks
