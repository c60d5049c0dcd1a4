#pragma once
// The constructors of the individual checks, one per file, for the registry (check_registry.cpp)
// and the checks' own tests. Everything else goes through make_check(name).

#include <memory>

#include "harness/checks/check.hpp"

namespace nk3::checks {

std::unique_ptr<Check> make_device_returns();
std::unique_ptr<Check> make_fs_intact();
std::unique_ptr<Check> make_pin_retries_consumed();
std::unique_ptr<Check> make_pin_still_set();
std::unique_ptr<Check> make_credentials_survive();
std::unique_ptr<Check> make_signature_valid();
std::unique_ptr<Check> make_counter_monotonic();
std::unique_ptr<Check> make_no_self_reset();
std::unique_ptr<Check> make_attestation_present();

// Small helpers the checks share for their results.
inline CheckResult pass() {
    return {};
}
inline CheckResult fail(std::string reason) {
    return {false, std::move(reason), false};
}
inline CheckResult skip(std::string reason) {
    return {true, std::move(reason), true};
}

}  // namespace nk3::checks
