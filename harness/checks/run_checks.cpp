// run_checks(): a trial's checks in their fixed order, and the verdict line.

#include "harness/checks/run_checks.hpp"

#include <algorithm>
#include <stdexcept>

namespace nk3::checks {

std::vector<CheckOutcome> run_checks(const std::vector<std::string>& names, CheckContext& context) {
    const auto& known = check_names();
    for (const auto& n : names)
        if (std::find(known.begin(), known.end(), n) == known.end())
            throw std::invalid_argument("unknown check: " + n);
    auto wanted = [&](std::string_view n) {
        return std::find(names.begin(), names.end(), n) != names.end();
    };

    std::vector<CheckOutcome> out;
    const CheckResult returned = make_check("device_returns")->run(context);
    if (wanted("device_returns")) out.push_back({"device_returns", returned});
    for (auto n : known) {
        if (n == "device_returns" || !wanted(n)) continue;
        if (!returned.passed && !context.device_answered) {
            out.push_back({std::string(n), {false, "device did not return", false}});
            continue;
        }
        out.push_back({std::string(n), make_check(n)->run(context)});
    }
    return out;
}

bool all_passed(const std::vector<CheckOutcome>& outcomes) {
    return std::all_of(outcomes.begin(), outcomes.end(),
                       [](const CheckOutcome& o) { return o.result.passed; });
}

std::string verdict_line(const std::vector<CheckOutcome>& outcomes) {
    std::string line;
    for (const auto& o : outcomes) {
        if (o.result.passed) continue;
        if (!line.empty()) line += "; ";
        line += o.name + ": " + o.result.reason;
    }
    return line.empty() ? "pass" : line;
}

}  // namespace nk3::checks
