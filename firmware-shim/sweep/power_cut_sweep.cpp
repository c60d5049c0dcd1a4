#include "sweep/power_cut_sweep.hpp"

#include <set>
#include <stdexcept>

#include "common/firmware_panic.hpp"
#include "flash/flash_error.hpp"
#include "fs/fsck.hpp"

namespace nk3::sweep {

namespace {

// littlefs creates a file in two commits (the empty entry at open, the data at close), so a file
// the operation creates may be there empty after a cut: `got` without such files.
fs::Tree without_empty_creations(const fs::Tree& got, const fs::Tree& before,
                                 const fs::Tree& after) {
    fs::Tree out = got;
    for (const auto& [p, v] : got.nodes) {
        if (!v || !v->empty() || before.nodes.count(p)) continue;
        const auto a = after.nodes.find(p);
        if (a != after.nodes.end() && a->second && !a->second->empty()) out.nodes.erase(p);
    }
    return out;
}

// The first path that is neither as before nor as after the cut, and what is wrong with it.
std::pair<std::string, std::string> find_mismatch(const fs::Tree& got, const fs::Tree& before,
                                                  const fs::Tree& after) {
    std::set<std::string> paths;
    for (const auto* t : {&got, &before, &after})
        for (const auto& [p, v] : t->nodes)
            paths.insert(p);
    for (const auto& p : paths) {
        auto g = got.nodes.find(p), b = before.nodes.find(p), a = after.nodes.find(p);
        const bool g_ok = g != got.nodes.end();
        const bool matches_b =
            g_ok == (b != before.nodes.end()) && (!g_ok || g->second == b->second);
        const bool matches_a =
            g_ok == (a != after.nodes.end()) && (!g_ok || g->second == a->second);
        if (matches_b || matches_a) continue;
        if (!g_ok) return {p, "'" + p + "' is missing"};
        if (b == before.nodes.end() && a == after.nodes.end())
            return {p, "'" + p + "' should not exist"};
        return {p, "'" + p + "' holds neither its old nor its new content"};
    }
    return {"", "files are each old or new, but not all from the same side of the cut"};
}

const std::string kProbePath = "/.sweep-probe";

}  // namespace

std::string_view to_string(FailureClass c) {
    switch (c) {
        case FailureClass::unmountable:
            return "unmountable";
        case FailureClass::data:
            return "data";
        case FailureClass::fsck:
            return "fsck";
        case FailureClass::unwritable:
            return "unwritable";
    }
    return "?";
}

PowerCutSweep::PowerCutSweep(SweepConfig config)
    : config_(std::move(config)), domain_(), stack_(config_.stack, domain_) {
    stack_.format_and_mount();
    fs::Tree model;
    for (const auto& op : config_.workload.setup) {
        apply(stack_.fs(), op);
        apply(model, op);
    }
    model_.push_back(model);
    for (const auto& op : config_.workload.operation) {
        apply(model, op);
        model_.push_back(model);
    }
    // The base every trial starts from: the device booted after setup, filesystem mounted.
    stack_.unmount();
    if (!stack_.boot().mounted)
        throw std::logic_error("sweep: setup left an unmountable filesystem");
    base_ = stack_.snapshot();
    base_power_ = domain_.state();

    // Dry run: every flash operation of the operation under test, as a trial will see them.
    domain_.set_recording(true);
    domain_.clear_log();
    for (const auto& op : config_.workload.operation)
        apply(stack_.fs(), op);
    domain_.set_recording(false);
    dry_ops_ = domain_.log();
    domain_.clear_log();
}

std::size_t PowerCutSweep::run_to_cut(Cut first) {
    stack_.restore(base_);
    domain_.restore(base_power_);
    domain_.arm_cut({first.op_index, first.mode, config_.seed});
    std::size_t k = 0;
    try {
        for (; k < config_.workload.operation.size(); ++k)
            apply(stack_.fs(), config_.workload.operation[k]);
    } catch (const flash::PowerLoss&) {
    }
    stack_.unmount();
    domain_.disarm();
    domain_.power_on();
    return k;
}

std::optional<TrialFailure> PowerCutSweep::judge(std::size_t in_flight) {
    auto fail = [&](FailureClass cls, std::string reason, std::string path = {}) {
        TrialFailure f;
        f.cls = cls;
        f.reason = std::move(reason);
        f.damaged_path = std::move(path);
        return f;
    };
    storage::BootReport boot;
    try {
        boot = stack_.boot();
    } catch (const FirmwarePanic& e) {
        // The firmware journal's replay panicked: the key halts at every boot.
        stack_.unmount();
        return fail(FailureClass::unmountable, std::string("firmware panic at boot: ") + e.what());
    }
    if (!boot.mounted) return fail(FailureClass::unmountable, boot.error);
    const fs::Tree& before = model_[in_flight];
    const fs::Tree& after = model_[std::min(in_flight + 1, model_.size() - 1)];
    const fs::Tree got = without_empty_creations(stack_.fs().tree(), before, after);
    if (!got.corrupt.empty())
        return fail(FailureClass::data,
                    "'" + got.corrupt.front() + "' does not read (broken block list)",
                    got.corrupt.front());
    if (got != before && got != after) {
        auto [path, reason] = find_mismatch(got, before, after);
        return fail(FailureClass::data, std::move(reason), std::move(path));
    }
    const auto check = fs::fsck(stack_.device(), config_.stack.fs);
    if (!check.ok()) return fail(FailureClass::fsck, check.summary());
    try {
        const auto probe = pattern(kProbePath, 0, 100);
        stack_.fs().write_file(kProbePath, probe);
        stack_.unmount();
        auto again = stack_.boot();
        if (!again.mounted || stack_.fs().read_file(kProbePath) != probe)
            return fail(FailureClass::unwritable, "a file written after recovery did not persist");
    } catch (const fs::FsError& e) {
        return fail(FailureClass::unwritable, std::string("writing after recovery: ") + e.what());
    }
    return std::nullopt;
}

std::string PowerCutSweep::cut_during_boot(Cut second) {
    domain_.arm_cut({second.op_index, second.mode, config_.seed ^ 0x5eed});
    try {
        stack_.boot();
    } catch (const flash::PowerLoss&) {
    } catch (const FirmwarePanic&) {
    }
    stack_.unmount();
    std::string detail = domain_.last_cut() ? "; then " + domain_.last_cut()->detail : "";
    domain_.disarm();
    domain_.power_on();
    return detail;
}

std::optional<TrialFailure> PowerCutSweep::judged(Cut first, std::optional<Cut> second,
                                                  std::size_t in_flight, std::string detail) {
    auto failure = judge(in_flight);
    if (failure) {
        const auto& ops = config_.workload.operation;
        failure->first = first;
        failure->second = second;
        failure->cut_detail = std::move(detail);
        failure->in_flight =
            in_flight < ops.size() ? ops[in_flight].describe() : "(none: all had completed)";
        failure->collateral = failure->cls == FailureClass::data && in_flight < ops.size() &&
                              !ops[in_flight].touches(failure->damaged_path);
    }
    return failure;
}

std::optional<TrialFailure> PowerCutSweep::trial(Cut first, std::optional<Cut> second) {
    const std::size_t k = run_to_cut(first);
    std::string detail = domain_.last_cut() ? domain_.last_cut()->detail : "cut did not fire";
    if (second) detail += cut_during_boot(*second);
    return judged(first, second, k, std::move(detail));
}

void PowerCutSweep::record(SweepReport& report, const std::optional<TrialFailure>& f) {
    ++report.trials;
    if (!f) return;
    ++report.failed;
    ++report.by_class[f->cls];
    report.collateral += f->collateral;
    ++report.failed_by_mode[f->second ? f->second->mode : f->first.mode];
    if (report.failures.size() < SweepReport::kMaxKept) report.failures.push_back(*f);
}

SweepReport PowerCutSweep::run() {
    SweepReport report;
    report.first_op = base_power_.next_index;
    report.end_op = base_power_.next_index + dry_ops_.size();
    for (std::uint64_t i = report.first_op; i < report.end_op; ++i) {
        for (auto mode : config_.modes) {
            const Cut first{i, mode};
            const std::size_t k = run_to_cut(first);
            const std::string detail = domain_.last_cut()->detail;
            if (!config_.nested) {
                record(report, judged(first, std::nullopt, k, detail));
                continue;
            }
            // The state right after the first cut, before any boot: every nested trial of this
            // cut starts from it, and so does the dry run of its boot.
            const auto after_cut = stack_.snapshot();
            const auto power = domain_.state();
            record(report, judged(first, std::nullopt, k, detail));

            stack_.restore(after_cut);
            domain_.restore(power);
            domain_.set_recording(true);
            domain_.clear_log();
            try {
                stack_.boot();
            } catch (const flash::PowerLoss&) {
            } catch (const FirmwarePanic&) {
            }
            stack_.unmount();
            domain_.set_recording(false);
            std::size_t boot_ops = domain_.log().size();
            domain_.clear_log();
            if (config_.nested_limit) boot_ops = std::min(boot_ops, config_.nested_limit);
            for (std::uint64_t j = power.next_index; j < power.next_index + boot_ops; ++j) {
                for (auto mode2 : config_.modes) {
                    stack_.restore(after_cut);
                    domain_.restore(power);
                    const Cut second{j, mode2};
                    const std::string more = cut_during_boot(second);
                    ++report.nested_trials;
                    record(report, judged(first, second, k, detail + more));
                }
            }
        }
    }
    return report;
}

}  // namespace nk3::sweep
