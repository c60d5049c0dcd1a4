#pragma once
// One oracle run after power comes back: a name (the scenario's `checks:` list), and a verdict
// with a one-line reason. Each check is its own small unit (one file) with its own tests.
// Checks talk to the key only through the Link (black box, works on a real key); `fs_intact`
// uses the simulator's filesystem check when there is one and the admin status otherwise.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/checks/history.hpp"
#include "rig/link.hpp"
#include "rig/sim_powers.hpp"

namespace nk3::checks {

struct CheckContext {
    rig::Link& link;
    rig::SimPowers* sim;  // null on a bench
    const History& history;
    bool device_answered = false;  // the key answered after power came back
};

struct CheckResult {
    bool passed = true;
    std::string reason;  // one line when failed: "lost: credential ssh (acknowledged) ..."
};

class Check {
  public:
    virtual ~Check() = default;
    virtual std::string_view name() const = 0;
    virtual CheckResult run(CheckContext& context) = 0;
};

// device_returns, credentials_survive, signature_valid, counter_monotonic, pin_retries_consumed,
// pin_still_set, no_self_reset, attestation_present, fs_intact.
const std::vector<std::string_view>& check_names();
// nullptr for an unknown name.
std::unique_ptr<Check> make_check(std::string_view name);

}  // namespace nk3::checks
