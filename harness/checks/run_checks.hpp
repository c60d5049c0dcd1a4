#pragma once
// Runs a scenario's checks after power came back and turns them into the trial's verdict:
// `pass`, or the failing checks with one line each. Checks run in check_names() order, whatever
// order the scenario lists them in: device_returns first (when the key did not come back, every
// other check reports "device did not return" without asking it anything), then the checks that
// only read, then those that spend a PIN, and attestation_present, which writes a credential,
// last.

#include <string>
#include <vector>

#include "harness/checks/check.hpp"

namespace nk3::checks {

struct CheckOutcome {
    std::string name;
    CheckResult result;
};

// Throws std::invalid_argument for a name check_names() does not know (the scenario parser
// has refused those already).
std::vector<CheckOutcome> run_checks(const std::vector<std::string>& names, CheckContext& context);

bool all_passed(const std::vector<CheckOutcome>& outcomes);
// "pass", or "credentials_survive: lost: ssh; no_self_reset: device secret changed: ..."
std::string verdict_line(const std::vector<CheckOutcome>& outcomes);

}  // namespace nk3::checks
