// Steps of setup: and operation:, parsed strictly and unrolled, with the host's view of the key
// (credentials made and deleted, the PIN) followed along to refuse impossible steps.

#include "harness/scenario/step_parser.hpp"

#include <algorithm>
#include <array>

#include "harness/scenario/scenario_parser.hpp"

namespace nk3::scenario {

namespace {

constexpr std::array<std::string_view, 11> kStepNames{
    "reset",         "set_pin",           "change_pin",  "pin_attempt", "make_credential",
    "get_assertion", "delete_credential", "power_cycle", "plug_in",     "wait",
    "repeat"};

std::string step_list() {
    std::string out;
    for (auto n : kStepNames)
        out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

bool known_step(std::string_view name) {
    return std::find(kStepNames.begin(), kStepNames.end(), name) != kStepNames.end();
}

std::string_view usage(std::string_view name) {
    if (name == "set_pin") return "set_pin: PIN";
    if (name == "change_pin") return "change_pin: NEW_PIN";
    if (name == "pin_attempt") return "pin_attempt: PIN";
    if (name == "make_credential") return "make_credential: {as: NAME, rp: RP, ...}";
    if (name == "get_assertion") return "get_assertion: {credential: NAME} or {rp: RP}";
    if (name == "delete_credential") return "delete_credential: {credential: NAME}";
    if (name == "wait") return "wait: {ms: N}";
    if (name == "repeat") return "repeat: N with do: [steps]";
    return "";
}

bool is_name(const std::string& text) {
    return !text.empty() && text.size() <= 32 &&
           text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos;
}

}  // namespace

void StepParser::fail(const Node& where, const std::string& message) const {
    std::string context;
    for (const auto& [i, n] : repeats_)
        if (n > 1)
            context +=
                (context.empty() ? "" : ", ") + std::to_string(i) + " of " + std::to_string(n);
    if (context.empty()) where.fail(message);
    where.fail(message + " (in repeat iteration " + context + ")");
}

std::vector<FlatStep> StepParser::section(const Node& list, bool may_be_empty) {
    std::vector<FlatStep> out;
    section_steps_ = 0;
    for (const auto& item : list.list(may_be_empty))
        parse_item(item, out);
    return out;
}

void StepParser::parse_item(const Node& item, std::vector<FlatStep>& out) {
    if (item.is_scalar()) {
        const std::string name = item.yaml().Scalar();
        if (!known_step(name))
            item.fail("unknown step " + yaml::quote(name) + "; expected one of " + step_list());
        if (name != "reset" && name != "power_cycle" && name != "plug_in")
            item.fail(name + " needs arguments: " + std::string(usage(name)));
        const Node none(item.source(), YAML::Node(), item.field() + "." + name, item.mark());
        emit(parse_step(name, none, item), item, name, out);
        return;
    }
    if (!item.is_map())
        item.fail("expected a step (a name, or name: arguments), got " + kind_of(item.yaml()));
    const yaml::MapView m = item.map();
    const auto keys = item.keys();
    if (m.has("repeat")) {
        m.allow_only({"repeat", "do"});
        const Node repeat = item.get(m, "repeat");
        if (repeat.is_map()) {  // repeat: {count: N, do: [...]}
            const yaml::MapView rm = repeat.map();
            rm.allow_only({"count", "do"});
            if (auto beside = item.child(m, "do"))
                beside->fail("give do: under repeat: or beside it, not both");
            parse_repeat(repeat.get(rm, "count"), repeat.get(rm, "do"), out);
        } else {  // repeat: N, with do: beside it (the form docs/scenarios.md gives)
            parse_repeat(repeat, item.get(m, "do"), out);
        }
        return;
    }
    const auto& [name, key_mark] = keys.front();
    if (!known_step(name))
        yaml::fail_at(item.source(), key_mark, item.field(),
                      "unknown step " + yaml::quote(name) + "; expected one of " + step_list());
    if (keys.size() > 1)
        yaml::fail_at(
            item.source(), keys[1].second, item.field() + "." + keys[1].first,
            "unknown field; a list item holds one step (start the next step with \"- \")");
    emit(parse_step(name, item.get(m, name), item), item, name, out);
}

void StepParser::parse_repeat(const Node& count_node, const Node& do_node,
                              std::vector<FlatStep>& out) {
    const auto count = static_cast<std::uint32_t>(count_node.value().integer(1, kMaxRepeat));
    const auto body = do_node.list(false);
    for (std::uint32_t i = 1; i <= count; ++i) {
        repeats_.emplace_back(i, count);
        for (const auto& item : body)
            parse_item(item, out);
        repeats_.pop_back();
    }
}

void StepParser::emit(Step step, const Node& item, const std::string& name,
                      std::vector<FlatStep>& out) {
    if (++section_steps_ > kMaxSteps)
        fail(item, "the section unrolls to more than " + std::to_string(kMaxSteps) + " steps");
    std::string what = name;
    std::string context;
    for (const auto& [i, n] : repeats_)
        context += (context.empty() ? "" : ", ") + std::string("repeat ") + std::to_string(i) +
                   "/" + std::to_string(n);
    if (!context.empty()) what += " (" + context + ")";
    out.push_back({std::move(step), {static_cast<int>(item.mark().line) + 1, what}});
}

std::string StepParser::pin_text(const Node& node) const {
    const std::string pin = node.value().line();
    if (pin.size() < 4 || pin.size() > 63)
        fail(node, "a PIN has 4 to 63 bytes, got " + std::to_string(pin.size()));
    return pin;
}

const StepParser::CredentialState& StepParser::alive(const std::string& name,
                                                     const Node& where) const {
    auto it = credentials_.find(name);
    if (it == credentials_.end())
        fail(where, "no earlier step makes a credential named " + yaml::quote(name));
    if (it->second.gone)
        fail(where, "credential " + yaml::quote(name) + " was " + *it->second.gone);
    return it->second;
}

Step StepParser::parse_step(const std::string& name, const Node& args, const Node& item) {
    const int line = static_cast<int>(item.mark().line) + 1;
    if (name == "reset") {
        if (!args.is_null()) args.fail("reset takes no arguments");
        for (auto& [n, c] : credentials_)
            if (!c.gone) c.gone = "removed by the reset at line " + std::to_string(line);
        pin_.reset();
        return Reset{};
    }
    if (name == "set_pin") {
        const std::string pin = pin_text(args);
        if (pin_)
            fail(args,
                 "a PIN is set already (line " + std::to_string(pin_line_) + "); use change_pin");
        pin_ = pin;
        pin_line_ = line;
        pin_ever_set_ = true;
        return SetPin{pin};
    }
    if (name == "change_pin") {
        const std::string pin = pin_text(args);
        if (!pin_) fail(args, "no PIN is set by an earlier step; use set_pin");
        pin_ = pin;
        pin_line_ = line;
        return ChangePin{pin};
    }
    if (name == "pin_attempt") {
        const std::string pin = pin_text(args);
        if (!pin_) fail(args, "no PIN is set by an earlier step to attempt");
        return PinAttempt{pin, pin != *pin_};
    }
    if (name == "make_credential") {
        const yaml::MapView m = args.map();
        m.allow_only({"as", "rp", "user", "alg", "resident", "cred_protect"});
        MakeCredential step;
        const Node as = args.get(m, "as");
        step.as = as.value().string();
        if (!is_name(step.as))
            as.fail("expected a name of 1 to 32 characters a-z, 0-9, '_' and '-', got " +
                    yaml::quote(step.as));
        step.rp = args.get(m, "rp").value().line();
        if (auto v = args.child(m, "user")) step.user = v->value().line();
        if (auto v = args.child(m, "alg"))
            step.alg = static_cast<Alg>(v->value().one_of({"es256", "eddsa"}));
        if (auto v = args.child(m, "resident")) step.resident = v->boolean();
        if (auto v = args.child(m, "cred_protect"))
            step.cred_protect = static_cast<int>(v->value().integer(1, 3));
        if (auto it = credentials_.find(step.as); it != credentials_.end())
            fail(as, "credential " + yaml::quote(step.as) + " is made already at line " +
                         std::to_string(it->second.line) + "; names must be unique" +
                         (repeats_.empty() ? "" : " (write repeated creations out by name)"));
        if (step.resident)
            for (auto& [n, c] : credentials_)
                if (!c.gone && c.resident && c.rp == step.rp && c.user == step.user) {
                    c.gone = "replaced at line " + std::to_string(line) +
                             " (same rp and user, resident)";
                    step.replaces = n;
                }
        credentials_[step.as] = {step.resident, step.rp, step.user, line, std::nullopt};
        return step;
    }
    if (name == "get_assertion") {
        const yaml::MapView m = args.map();
        m.allow_only({"credential", "rp", "up"});
        GetAssertion step;
        if (auto v = args.child(m, "up")) step.up = v->boolean();
        const auto credential = args.child(m, "credential");
        const auto rp = args.child(m, "rp");
        if (credential && rp) rp->fail("give credential (by name) or rp (discoverable), not both");
        if (credential) {
            step.credential = credential->value().string();
            step.rp = alive(*step.credential, *credential).rp;
        } else if (rp) {
            step.rp = rp->value().line();
            const bool any = std::any_of(credentials_.begin(), credentials_.end(), [&](auto& e) {
                return !e.second.gone && e.second.resident && e.second.rp == step.rp;
            });
            if (!any)
                fail(*rp,
                     "no earlier step makes a resident credential for rp " + yaml::quote(step.rp));
        } else {
            m.fail(m.field_of("credential"),
                   "required field is missing (credential, or rp for a discoverable credential)");
        }
        return step;
    }
    if (name == "delete_credential") {
        const yaml::MapView m = args.map();
        m.allow_only({"credential"});
        const Node credential = args.get(m, "credential");
        const std::string target = credential.value().string();
        const CredentialState& c = alive(target, credential);
        if (!c.resident)
            fail(credential, "credential " + yaml::quote(target) +
                                 " is not resident; only resident credentials can be deleted "
                                 "(credentialManagement)");
        credentials_[target].gone = "deleted at line " + std::to_string(line);
        return DeleteCredential{target};
    }
    if (name == "power_cycle" || name == "plug_in") {
        PowerCycle step;
        step.plug_in = name == "plug_in";
        if (args.is_null()) return step;
        const yaml::MapView m = args.map();
        m.allow_only({"off_ms"});
        step.off_time =
            std::chrono::milliseconds(args.get(m, "off_ms").value().integer(0, 600'000));
        return step;
    }
    if (name == "wait") {
        const yaml::MapView m = args.map();
        m.allow_only({"ms"});
        return Wait{std::chrono::milliseconds(args.get(m, "ms").value().integer(0, 3'600'000))};
    }
    item.fail("unknown step " + yaml::quote(name));  // not reached: callers check the name
}

}  // namespace nk3::scenario
