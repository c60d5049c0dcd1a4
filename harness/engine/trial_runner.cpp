// TrialRunner: setup, snapshot and dry run; one trial from its boundary to its verdict.

#include "harness/engine/trial_runner.hpp"

#include <algorithm>
#include <thread>

#include "crypto/sha.hpp"
#include "harness/checks/history_digest.hpp"
#include "harness/checks/run_checks.hpp"
#include "harness/engine/bench_cut_timer.hpp"
#include "harness/engine/engine_error.hpp"
#include "harness/engine/host_session.hpp"
#include "harness/engine/seed_mix.hpp"
#include "rig/rig_error.hpp"
#include "rig/sim/sim_key_powers.hpp"

namespace nk3::engine {

namespace {

using Clock = std::chrono::steady_clock;
using scenario::PlanKind;

constexpr int kNoAnswer = -2;  // FIDO_ERR_RX

std::string source_of(const scenario::Scenario& s, const scenario::FlatStep& step) {
    return s.source + ":" + std::to_string(step.source.line) + ": " + step.source.what;
}

std::uint64_t fingerprint(const std::vector<flash::FlashOp>& ops) {
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&](std::uint64_t v) { h = (h ^ v) * 1099511628211ULL; };
    for (const auto& op : ops) {
        mix(op.index);
        mix(static_cast<std::uint64_t>(op.kind));
        mix(op.chip);
        mix(op.address);
        mix(op.length);
    }
    return h;
}

std::string ms(SimTime t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(t.count()) / 1e6);
    return buf;
}

}  // namespace

// What a trial's cut did, for the record.
struct TrialRunner::Cut {
    const Boundary* boundary = nullptr;  // the snapshot the trial started from (simulator)
    bool fired = false;
    bool idle_after_operation = false;  // a time cut past the operation's end
    std::optional<flash::CutRecord> record;
    std::optional<flash::CutRecord> second;
    std::string second_detail;
};

// The bench as HostSession sees it: power cycles and waits in simulated or real time.
class TrialRunner::Power : public HostPower {
  public:
    explicit Power(TrialRunner& runner) : runner_(runner) {}
    bool cycle(SimTime off_time) override {
        runner_.target_.power->set(false);
        runner_.advance(off_time);
        runner_.target_.power->set(true);
        return runner_.connect().ok();
    }
    void wait(SimTime time) override { runner_.advance(time); }

  private:
    TrialRunner& runner_;
};

TrialRunner::TrialRunner(const scenario::Scenario& scenario, rig::Target& target,
                         std::uint64_t seed, std::string run_dir)
    : scenario_(scenario),
      target_(target),
      seed_(seed),
      run_dir_(std::move(run_dir)),
      power_(std::make_unique<Power>(*this)) {
    if (needs_simulator(scenario_.fault.kind) && !target_.sim)
        throw PlanRefused(plan_refusal(scenario_.fault.kind, target_.spec));
    if (!target_.link || !target_.power)
        throw rig::RigError("target " + target_.spec + " has no link or no power switch");
}

TrialRunner::~TrialRunner() = default;

void TrialRunner::trace(const std::string& line) const {
    if (trace_) trace_(line);
}

rig::LinkResult<rig::DeviceInfo> TrialRunner::connect() {
    target_.link->disconnect();
    return target_.link->connect();
}

void TrialRunner::advance(SimTime time) {
    if (time <= SimTime{0}) return;
    if (target_.sim) {
        if (auto* key = dynamic_cast<rig::SimKeyPowers*>(target_.sim)) key->key().advance(time);
        return;
    }
    std::this_thread::sleep_for(time);
}

bool TrialRunner::sim_cut_fired() const {
    return target_.sim && target_.sim->last_cut().has_value();
}

void TrialRunner::run_setup(checks::History& history) {
    target_.power->set(true);
    auto info = connect();
    if (!info.ok())
        throw rig::RigError("the key (" + target_.spec + ") did not answer: " + info.status.text);
    history = {};
    history.identity.aaguid = info.value->aaguid;
    HostSession session(*target_.link, *power_, history, [] { return false; });
    for (const auto& step : scenario_.setup) {
        const StepResult r = session.run(step.step);
        trace("setup: " + r.what);
        if (r.fate == checks::Fate::acknowledged) continue;
        if (r.status.code == kNoAnswer)
            throw rig::RigError(source_of(scenario_, step) +
                                ": the key did not answer during the setup: " + r.status.text);
        throw PlanRefused(source_of(scenario_, step) +
                          ": the key refused this setup step: " + r.status.text);
    }
    if (history.pin.pin) {
        auto retries = target_.link->pin_retries();
        if (retries.ok()) history.pin.retries_before = *retries.value;
    }
}

void TrialRunner::prepare() {
    if (prepared_) return;
    if (!target_.sim) {
        // A bench: make sure the key is there; each trial runs the setup itself.
        target_.power->set(true);
        if (!connect().ok())
            throw rig::RigError("the key (" + target_.spec + ") did not answer after power on");
        prepared_ = true;
        return;
    }
    run_setup(base_history_);
    do_dry_run();
    prepared_ = true;
}

void TrialRunner::do_dry_run() {
    rig::SimPowers& sim = *target_.sim;
    dry_ = {};
    checks::History history = base_history_;
    HostSession session(*target_.link, *power_, history, [] { return false; });
    StepMeasure* current = nullptr;
    target_.link->set_observer([&](rig::LinkEvent e) {
        if (!current) return;
        if (e == rig::LinkEvent::request_sent && !current->request_sent)
            current->request_sent = sim.now();
        if (e == rig::LinkEvent::keepalive && !current->keepalive) current->keepalive = sim.now();
    });
    dry_.first_op = sim.next_flash_op();
    bool boundaries = true;
    for (std::size_t s = 0; s < scenario_.operation.size(); ++s) {
        const auto& step = scenario_.operation[s].step;
        if (boundaries) {
            Boundary b{s, sim.snapshot(), sim.next_flash_op(), sim.now(), history, {}};
            b.flash_digest = sim.flash_digest(b.key);
            sim.restore(b.key);
            if (!connect().ok())
                throw DeterminismError(
                    "the key did not answer after restoring the snapshot "
                    "before operation step " +
                    std::to_string(s));
            dry_.boundaries.push_back(std::move(b));
        }
        StepMeasure m;
        m.first_op = sim.next_flash_op();
        m.start = sim.now();
        dry_.steps.push_back(m);
        current = &dry_.steps.back();
        sim.set_recording(true);
        const StepResult r = session.run(step);
        auto ops = sim.take_flash_log();
        sim.set_recording(false);
        current->end_op = sim.next_flash_op();
        current->end = sim.now();
        current = nullptr;
        dry_.ops.insert(dry_.ops.end(), ops.begin(), ops.end());
        if (r.fate != checks::Fate::acknowledged && r.fate != checks::Fate::refused)
            throw DeterminismError(source_of(scenario_, scenario_.operation[s]) +
                                   ": the dry run of this step got no answer: " + r.status.text);
        if (std::holds_alternative<scenario::PinAttempt>(step)) boundaries = false;
    }
    target_.link->set_observer(nullptr);
    dry_.fingerprint = fingerprint(dry_.ops);
}

PlanInputs TrialRunner::plan_inputs() {
    prepare();
    PlanInputs in;
    in.operation_ops = dry_.op_count();
    in.requests = scenario_.operation.size();
    in.seed = seed_;
    if (scenario_.fault.kind == PlanKind::nested) {
        for (std::uint64_t op = 0; op < in.operation_ops; ++op)
            for (auto mode : scenario_.fault.modes) {
                std::uint32_t n = boot_ops_after(op, mode);
                if (scenario_.fault.nested_bound) n = std::min(n, scenario_.fault.nested_bound);
                in.boot_ops.push_back(n);
            }
    }
    return in;
}

std::uint32_t TrialRunner::boot_ops_after(std::uint64_t op, flash::CutMode mode) {
    prepare();
    TrialSpec spec;
    spec.kind = PlanKind::flash_sweep;
    spec.op = op;
    spec.mode = mode;
    Cut cut;
    run_to_cut(spec, cut);
    rig::SimPowers& sim = *target_.sim;
    sim.disarm();
    target_.power->set(false);
    advance(scenario_.fault.power_off);
    sim.set_recording(true);
    target_.power->set(true);
    const auto ops = sim.take_flash_log();
    sim.set_recording(false);
    return static_cast<std::uint32_t>(ops.size());
}

void TrialRunner::trace_flash_ops() {
    if (!trace_ || !target_.sim) return;
    for (const auto& op : target_.sim->take_flash_log())
        trace("  flash op " + std::to_string(op.index - dry_.first_op) + " (absolute " +
              std::to_string(op.index) + "): " + flash::describe(op) + " at " + ms(op.start));
}

void TrialRunner::save_images(const std::string& name) {
    if (image_dir_.empty() || !target_.sim) return;
    target_.sim->save_images(image_dir_ / name);
    trace("flash images (" + name + ") written to " + (image_dir_ / name).string());
}

void TrialRunner::run_to_cut(const TrialSpec& spec, Cut& cut) {
    if (!target_.sim) return run_bench_to_cut(spec, cut);
    rig::SimPowers& sim = *target_.sim;
    const Boundary* b = nullptr;
    std::optional<std::uint64_t> cut_op;
    std::optional<SimTime> cut_at;
    if (spec.op) {
        cut_op = dry_.first_op + *spec.op;
        b = &dry_.boundary_for(dry_.step_of_op(*cut_op));
    } else {
        const std::size_t anchor_step = spec.request.value_or(0);
        if (anchor_step >= dry_.steps.size())
            throw std::logic_error("time cut anchored to request " + std::to_string(anchor_step) +
                                   " of " + std::to_string(dry_.steps.size()));
        const StepMeasure& m = dry_.steps[anchor_step];
        SimTime anchor = m.request_sent.value_or(m.start);
        if (spec.request && scenario_.fault.anchor == scenario::Anchor::first_keepalive &&
            m.keepalive)
            anchor = *m.keepalive;
        const SimTime offset = std::chrono::microseconds(spec.offset_us.value_or(0));
        cut_at = std::max(anchor + offset, dry_.boundaries.front().time);
        b = &dry_.boundary_at(*cut_at);
    }
    sim.restore(b->key);
    cut.boundary = b;
    history_ = b->history;
    if (trace_) {
        trace("start at the request boundary before operation step " + std::to_string(b->step) +
              " (flash op " + std::to_string(b->first_op - dry_.first_op) + ", " + ms(b->time) +
              ")");
        save_images("before");
        sim.set_recording(true);
        target_.link->set_observer([this, &sim](rig::LinkEvent e) {
            const char* what = e == rig::LinkEvent::request_sent ? "request sent"
                               : e == rig::LinkEvent::keepalive  ? "keepalive"
                                                                 : "response";
            trace_flash_ops();
            trace("  " + std::string(what) + " at " + ms(sim.now()));
        });
    }
    if (!connect().ok())
        throw DeterminismError(
            "the key did not answer after restoring the boundary snapshot "
            "before operation step " +
            std::to_string(b->step));
    if (cut_op)
        sim.arm_cut_at_op(*cut_op, spec.mode);
    else
        sim.arm_cut_at_time(*cut_at);
    if (cut_op)
        trace("cut armed at flash op " + std::to_string(*spec.op) + " " +
              std::string(to_string(spec.mode)));
    else
        trace("cut armed at " + ms(*cut_at));

    HostSession session(*target_.link, *power_, history_, [this] { return sim_cut_fired(); });
    for (std::size_t s = b->step; s < scenario_.operation.size(); ++s) {
        const StepResult r = session.run(scenario_.operation[s].step);
        trace_flash_ops();
        trace("step " + std::to_string(s) + " " + r.what);
        if (sim_cut_fired()) break;
    }
    cut.record = sim.last_cut();
    cut.fired = cut.record.has_value();
    if (!cut.fired) {
        if (cut_op)
            throw DeterminismError("trial " + std::to_string(spec.index) +
                                   ": the cut at flash op " + std::to_string(*spec.op) +
                                   " never fired: the trial diverged from the dry run");
        cut.idle_after_operation = true;  // past the operation's end: cut when idle
    }
    sim.disarm();
    target_.link->set_observer(nullptr);
    if (trace_) {
        trace_flash_ops();
        sim.set_recording(false);
        trace(cut.fired ? "CUT: " + cut.record->detail + " at " + ms(cut.record->at)
                        : "CUT: the operation ended first; power cut with the key idle at " +
                              ms(sim.now()));
    }
}

void TrialRunner::run_bench_to_cut(const TrialSpec& spec, Cut& cut) {
    // A fresh start: power cycle, setup, then the operation with a real-time cut.
    target_.power->set(false);
    advance(scenario_.fault.power_off);
    run_setup(history_);
    BenchCutTimer timer(*target_.power);
    const std::size_t anchor_step = spec.request.value_or(0);
    const auto offset =
        std::chrono::microseconds(std::max<std::int64_t>(spec.offset_us.value_or(0), 0));
    const bool on_keepalive =
        spec.request && scenario_.fault.anchor == scenario::Anchor::first_keepalive;
    std::size_t current = 0;
    target_.link->set_observer([&](rig::LinkEvent e) {
        if (current != anchor_step) return;
        if ((e == rig::LinkEvent::request_sent && !on_keepalive) ||
            (e == rig::LinkEvent::keepalive && on_keepalive))
            timer.start(offset);
    });
    HostSession session(*target_.link, *power_, history_, [&] { return timer.fired(); });
    for (std::size_t s = 0; s < scenario_.operation.size() && !timer.fired(); ++s) {
        current = s;
        const StepResult r = session.run(scenario_.operation[s].step);
        trace("step " + std::to_string(s) + " " + r.what);
    }
    target_.link->set_observer(nullptr);
    if (timer.started()) timer.wait();
    cut.fired = timer.fired();
    if (!cut.fired) {
        cut.idle_after_operation = true;
        target_.power->set(false);
    }
}

std::vector<results::CheckOutcome> TrialRunner::run_checks(
    bool answered, const rig::LinkResult<rig::DeviceInfo>& info) {
    checks::CheckContext context{*target_.link, target_.sim, history_, answered};
    if (answered) context.survey.info = info;
    context.replug = [this] { return power_->cycle(std::chrono::milliseconds(50)); };
    const auto outcomes = checks::run_checks(scenario_.checks, context);
    std::vector<results::CheckOutcome> out;
    out.reserve(outcomes.size());
    for (const auto& o : outcomes) {
        out.push_back({o.name, o.result.passed, o.result.passed ? "" : o.result.reason});
        trace("check " + o.name + ": " +
              (o.result.passed ? (o.result.skipped ? "pass (skipped: " + o.result.reason + ")"
                                                   : std::string("pass"))
                               : "FAIL: " + o.result.reason));
    }
    return out;
}

crypto::CacheKey TrialRunner::power_on_key(const Boundary& boundary) const {
    crypto::Sha256 key;
    key.update(boundary.flash_digest)
        .update(target_.sim->unpowered_digest(boundary.key))
        .update(checks::history_digest(history_));
    return crypto::cache_key(key.finish());
}

PowerOnOutcome TrialRunner::power_on_and_check() {
    rig::SimPowers* sim = target_.sim;
    PowerOnOutcome out;
    out.history = history_;
    const auto t0 = Clock::now();
    if (trace_ && sim) sim->set_recording(true);
    const SimTime sim_on = sim ? sim->now() : SimTime{0};
    target_.power->set(true);
    trace_flash_ops();
    if (trace_ && sim) sim->set_recording(false);
    const auto info = connect();
    out.recovery_ns =
        sim ? (sim->now() - sim_on).count()
            : std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count();
    if (sim) {
        trace("BOOT: " + sim->last_boot().detail);
        save_images("after-recovery");
    }
    trace(info.ok() ? "the key answered after " + ms(SimTime(out.recovery_ns))
                    : "the key did not answer: " + info.status.text);
    const auto t1 = Clock::now();
    out.checks = run_checks(info.ok(), info);
    timings_.recovery += t1 - t0;
    timings_.checks += Clock::now() - t1;
    return out;
}

results::TrialRecord TrialRunner::run(const TrialSpec& spec) {
    prepare();
    const auto t0 = Clock::now();
    results::TrialRecord rec;
    rec.plan_index = spec.index;
    rec.plan = std::string(plan_name(spec.kind));

    Cut cut;
    run_to_cut(spec, cut);
    const auto t1 = Clock::now();
    history_.cut_happened = true;

    // Power stays off, comes back (nested: a second cut during that boot, off again, on again).
    rig::SimPowers* sim = target_.sim;
    target_.power->set(false);
    advance(scenario_.fault.power_off);
    if (spec.second_op && sim) {
        const std::uint64_t second = sim->next_flash_op() + *spec.second_op;
        sim->arm_cut_at_op(second, spec.second_mode);
        if (trace_) sim->set_recording(true);
        target_.power->set(true);
        trace_flash_ops();
        auto c = sim->last_cut();
        if (!c || c->op.index != second)
            throw DeterminismError("trial " + std::to_string(spec.index) +
                                   ": the second cut at boot op " +
                                   std::to_string(*spec.second_op) + " never fired");
        cut.second = c;
        sim->disarm();
        trace("boot: " + sim->last_boot().detail);
        trace("SECOND CUT: " + c->detail);
        target_.power->set(false);
        advance(scenario_.fault.power_off);
    }
    const SimTime sim_on = sim ? sim->now() : SimTime{0};
    const auto t2 = Clock::now();
    std::optional<crypto::CacheKey> key;
    std::shared_ptr<const PowerOnOutcome> outcome;
    if (outcome_cache_ && cut.boundary && !trace_ && image_dir_.empty()) {
        key = power_on_key(*cut.boundary);
        outcome = outcome_cache_->find(*key);
    }
    const bool reused = outcome != nullptr;
    if (reused) {
        require_same_history(*outcome, history_, spec.index);
        ++timings_.reused;  // the key stays off: the next trial restores its boundary
        if (timings_.rechecked == 0 || mix_seed(seed_, spec.index) % kRecheckOneIn == 0) {
            require_same_outcome(*outcome, power_on_and_check(), spec.index);
            ++timings_.rechecked;
        }
    } else {
        outcome = std::make_shared<const PowerOnOutcome>(power_on_and_check());
        if (key) outcome_cache_->put(*key, outcome);
    }
    rec.recovery_ns = outcome->recovery_ns;
    rec.checks = outcome->checks;
    const auto t3 = Clock::now();

    // The record.
    rec.fault = describe(spec);
    if (cut.record) {
        const auto& r = *cut.record;
        rec.cut_mode = spec.op ? std::string(to_string(spec.mode)) : "time";
        rec.flash_op =
            static_cast<std::int64_t>(r.op.index) - static_cast<std::int64_t>(dry_.first_op);
        rec.op_kind = std::string(to_string(r.op.kind));
        rec.sim_time_ns = r.at.count();
        rec.fault += " (" + flash::describe(r.op) + ")";
        if (!r.detail.empty()) rec.fault += ": " + r.detail;
    } else if (cut.fired) {
        rec.cut_mode = "time";
    } else {
        rec.cut_mode = "time";
        rec.fault += ": after the operation ended (key idle)";
        if (sim) rec.sim_time_ns = sim_on.count();
    }
    if (cut.second) {
        rec.second_op = static_cast<std::int64_t>(*spec.second_op);
        rec.fault += "; then " + cut.second->detail;
    }
    rec.offset_us = spec.offset_us;
    rec.verdict = "pass";
    for (const auto& c : rec.checks)
        if (!c.passed) {
            if (rec.verdict == "pass") rec.reason = c.check + ": " + c.reason;
            rec.verdict = "fail";
        }
    if (rec.verdict == "fail")
        rec.replay = "nk3rig replay " + run_dir_ + " " + std::to_string(spec.index);
    trace("VERDICT: " + rec.verdict + (rec.reason.empty() ? "" : " (" + rec.reason + ")"));

    const auto t4 = Clock::now();
    rec.duration_us = std::chrono::duration_cast<std::chrono::microseconds>(t4 - t0).count();
    ++timings_.trials;
    timings_.operation += t1 - t0;
    timings_.recovery += t2 - t1;  // the power-off; power_on_and_check adds the rest
    if (reused) timings_.checks += t3 - t2;
    timings_.total += t4 - t0;
    return rec;
}

}  // namespace nk3::engine
