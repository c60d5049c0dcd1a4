// The known checks by name, in the order run_checks() runs them.

#include <functional>
#include <utility>

#include "harness/checks/check.hpp"
#include "harness/checks/check_factories.hpp"

namespace nk3::checks {

namespace {

using Factory = std::unique_ptr<Check> (*)();

const std::vector<std::pair<std::string_view, Factory>>& registry() {
    static const std::vector<std::pair<std::string_view, Factory>> checks{
        {"device_returns", &make_device_returns},
        {"fs_intact", &make_fs_intact},
        {"pin_retries_consumed", &make_pin_retries_consumed},
        {"pin_still_set", &make_pin_still_set},
        {"credentials_survive", &make_credentials_survive},
        {"signature_valid", &make_signature_valid},
        {"counter_monotonic", &make_counter_monotonic},
        {"no_self_reset", &make_no_self_reset},
        {"attestation_present", &make_attestation_present},
    };
    return checks;
}

}  // namespace

const std::vector<std::string_view>& check_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;
        for (const auto& [name, factory] : registry())
            out.push_back(name);
        return out;
    }();
    return names;
}

std::unique_ptr<Check> make_check(std::string_view name) {
    for (const auto& [known, factory] : registry())
        if (known == name) return factory();
    return nullptr;
}

}  // namespace nk3::checks
