// The control port's commands carried out on the simulated key, and its status as JSON.

#include "harness/sim/device_control.hpp"

#include <chrono>
#include <exception>

#include "harness/sim/button_spec.hpp"

namespace nk3::sim {

using nlohmann::json;

namespace {

double to_ms(SimTime t) {
    return std::chrono::duration<double, std::milli>(t).count();
}

json error_answer(std::string message) {
    return json{{"ok", false}, {"error", std::move(message)}};
}

json boot_json(const device::BootInfo& boot) {
    return json{{"internal_mounted", boot.internal_mounted},
                {"internal_first_mount_failed", boot.internal_first_mount_failed},
                {"internal_formatted", boot.internal_formatted},
                {"journal_replayed", boot.journal_replayed},
                {"migrated", boot.migrated},
                {"migration_failed", boot.migration_failed},
                {"external_mounted", boot.external_mounted},
                {"external_formatted", boot.external_formatted},
                {"halted", boot.halted},
                {"panicked", boot.panicked},
                {"init_flags", boot.init_flags},
                {"state_file_reset", boot.state_file_reset},
                {"detail", boot.detail}};
}

json cut_json(const flash::CutRecord& cut) {
    return json{{"op_index", cut.op.index},
                {"mode", std::string(flash::to_string(cut.plan.mode))},
                {"op", flash::describe(cut.op)},
                {"kind", std::string(flash::to_string(cut.op.kind))},
                {"chip", cut.op.chip},
                {"address", cut.op.address},
                {"length", cut.op.length},
                {"at_ms", to_ms(cut.at)},
                {"bytes_changed", cut.bytes_changed},
                {"detail", cut.detail}};
}

}  // namespace

DeviceControl::DeviceControl(device::VirtualNk3& key, const device::ButtonConfig& button,
                             StateDir* state, ServeCounters& counters)
    : key_(key), button_(button), state_(state), counters_(counters) {
    key_.set_button(button_);
}

json DeviceControl::handle(std::string_view text) {
    ++counters_.control_commands;
    json answer;
    try {
        const auto parsed = parse_control_command(text);
        if (const auto* e = std::get_if<ControlParseError>(&parsed))
            answer = error_answer(e->message);
        else
            answer = execute(std::get<ControlCommand>(parsed));
    } catch (const std::exception& e) {
        answer = error_answer(std::string("internal error: ") + e.what());
    }
    if (!answer.value("ok", false)) ++counters_.control_errors;
    return answer;
}

json DeviceControl::execute(const ControlCommand& command) {
    using Kind = ControlCommand::Kind;
    switch (command.kind) {
        case Kind::status:
            break;
        case Kind::off:
            key_.power_off();
            break;
        case Kind::on:
            key_.power_on();
            break;
        case Kind::cycle:
            key_.power_cycle(command.off_time);
            break;
        case Kind::cut_after:
            key_.cut_after(command.ops_from_now, command.mode);
            break;
        case Kind::disarm:
            key_.power_domain().disarm();
            break;
        case Kind::button:
            key_.set_button(command.button);
            button_ = command.button;
            break;
        case Kind::save:
            if (!state_) return error_answer("save: the server runs without --state DIR");
            try {
                state_->save(key_);
                counters_.state_saves = state_->saves();
            } catch (const StateDirError& e) {
                return error_answer(std::string("save: ") + e.what());
            }
            break;
        case Kind::help:
            return json{{"ok", true}, {"command", "help"}, {"usage", control_command_usage()}};
    }
    json answer = status();
    answer["command"] = std::string(to_string(command.kind));
    return answer;
}

json DeviceControl::status() const {
    auto& domain = key_.power_domain();
    json armed = nullptr;
    if (const auto& plan = domain.armed()) {
        const std::uint64_t next = domain.next_index();
        armed = json{{"op_index", plan->op_index},
                     {"ops_from_now", plan->op_index >= next ? plan->op_index - next : 0},
                     {"mode", std::string(flash::to_string(plan->mode))}};
    }
    json last_cut = nullptr;
    if (const auto cut = key_.last_cut()) last_cut = cut_json(*cut);
    json admin = nullptr;
    if (key_.powered() && !key_.halted()) {
        try {
            const auto s = key_.status();
            admin = json{{"init_flags", s.init_flags},
                         {"free_internal_blocks", s.free_internal_blocks},
                         {"free_external_blocks", s.free_external_blocks},
                         // No variant byte before firmware 1.4.0.
                         {"variant", s.has_variant ? json(s.variant) : json(nullptr)},
                         {"bytes", s.has_variant ? 5 : 4}};
        } catch (const std::exception&) {
            admin = nullptr;  // a key that cannot answer has no status to show
        }
    }
    const auto& profile = key_.profile();
    return json{
        {"ok", true},
        {"profile", profile.name},
        {"firmware", profile.firmware},
        {"powered", key_.powered()},
        {"halted", key_.halted()},
        {"sim_time_ms", to_ms(key_.now())},
        {"flash_op_index", domain.next_index()},
        {"armed_cut", armed},
        {"last_cut", last_cut},
        {"last_boot", boot_json(key_.last_boot())},
        {"admin_status", admin},
        {"button", format_button_spec(button_)},
        {"host", counters_.host.empty() ? json(nullptr) : json(counters_.host)},
        {"state_dir", state_ ? json(state_->path().string()) : json(nullptr)},
        {"counters",
         {{"reports_in", counters_.reports_in},
          {"reports_out", counters_.reports_out},
          {"rejected_datagrams", counters_.rejected_datagrams},
          {"control_commands", counters_.control_commands},
          {"control_errors", counters_.control_errors},
          {"state_saves", counters_.state_saves},
          {"state_save_errors", counters_.state_save_errors}}},
        {"last_save_error",
         counters_.last_save_error.empty() ? json(nullptr) : json(counters_.last_save_error)}};
}

void DeviceControl::save_state_if_changed() {
    if (!state_) return;
    try {
        if (state_->save_if_changed(key_)) counters_.state_saves = state_->saves();
    } catch (const StateDirError& e) {
        ++counters_.state_save_errors;
        counters_.last_save_error = e.what();
    }
}

std::string to_line(const json& answer) {
    return answer.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace nk3::sim
