// Fault plans: flash-sweep {modes, power_off_ms}, nested {modes, power_off_ms, bound},
// time-sweep {anchor, from_us, to_us, step_us, power_off_ms}, random {count, from_us, to_us,
// seed, power_off_ms}.

#include "harness/scenario/fault_plan_parser.hpp"

#include <algorithm>
#include <limits>

namespace nk3::scenario {

namespace {

std::vector<flash::CutMode> parse_modes(const Node& node) {
    std::vector<flash::CutMode> out;
    for (const auto& item : node.list(false)) {
        const auto mode =
            static_cast<flash::CutMode>(item.value().one_of({"before", "torn", "after"}));
        if (std::find(out.begin(), out.end(), mode) != out.end())
            item.fail("cut mode " + std::string(flash::to_string(mode)) + " is listed twice");
        out.push_back(mode);
    }
    return out;
}

SimTime power_off(const Node& node, const yaml::MapView& m) {
    return std::chrono::milliseconds(node.get(m, "power_off_ms").value().integer(0, 600'000));
}

std::int64_t offset(const Node& node, const yaml::MapView& m, std::string_view key) {
    return static_cast<std::int64_t>(
        node.get(m, key).value().integer(0, static_cast<std::uint64_t>(kMaxOffsetUs)));
}

// from_us <= to_us, checked at to_us.
void check_window(const Node& node, const yaml::MapView& m, const FaultPlan& p) {
    if (p.to_us < p.from_us)
        node.get(m, "to_us")
            .fail("to_us (" + std::to_string(p.to_us) + ") is before from_us (" +
                  std::to_string(p.from_us) + ")");
}

}  // namespace

FaultPlan parse_fault_plan(const Node& node) {
    const yaml::MapView m = node.map();
    FaultPlan p;
    const std::size_t kind =
        node.get(m, "plan").value().one_of({"flash-sweep", "nested", "time-sweep", "random"});
    p.kind = static_cast<PlanKind>(kind);
    switch (p.kind) {
        case PlanKind::flash_sweep:
            m.allow_only({"plan", "modes", "power_off_ms"});
            p.modes = parse_modes(node.get(m, "modes"));
            p.power_off = power_off(node, m);
            break;
        case PlanKind::nested:
            m.allow_only({"plan", "modes", "power_off_ms", "bound"});
            p.modes = parse_modes(node.get(m, "modes"));
            p.power_off = power_off(node, m);
            p.nested_bound =
                static_cast<std::uint32_t>(node.get(m, "bound").value().integer(0, 1'000'000));
            break;
        case PlanKind::time_sweep: {
            m.allow_only({"plan", "anchor", "from_us", "to_us", "step_us", "power_off_ms"});
            p.anchor = static_cast<Anchor>(
                node.get(m, "anchor").value().one_of({"request-sent", "first-keepalive"}));
            p.from_us = offset(node, m, "from_us");
            p.to_us = offset(node, m, "to_us");
            check_window(node, m, p);
            const Node step = node.get(m, "step_us");
            p.step_us = static_cast<std::int64_t>(
                step.value().integer(1, static_cast<std::uint64_t>(kMaxOffsetUs)));
            if (static_cast<std::uint64_t>((p.to_us - p.from_us) / p.step_us) + 1 > kMaxTrials)
                step.fail("the sweep has more than " + std::to_string(kMaxTrials) +
                          " cut points per request");
            p.power_off = power_off(node, m);
            break;
        }
        case PlanKind::random:
            m.allow_only({"plan", "count", "from_us", "to_us", "seed", "power_off_ms"});
            p.count =
                static_cast<std::uint32_t>(node.get(m, "count").value().integer(1, kMaxTrials));
            p.from_us = offset(node, m, "from_us");
            p.to_us = offset(node, m, "to_us");
            check_window(node, m, p);
            p.seed =
                node.get(m, "seed").value().integer(0, std::numeric_limits<std::uint64_t>::max());
            p.power_off = power_off(node, m);
            break;
    }
    return p;
}

}  // namespace nk3::scenario
