// The `bench check` procedure, step by step.
#include "rig/bench/bench_check.hpp"

#include <thread>

#include "rig/bench/bench_backends.hpp"
#include "rig/bench/key_finder.hpp"
#include "rig/rig_error.hpp"

namespace nk3::rig::bench {

namespace {

using std::chrono::milliseconds;
using Status = CheckStep::Status;

constexpr milliseconds kPoll{50};

std::string ms_text(milliseconds ms) {
    return std::to_string(ms.count()) + " ms";
}

std::string ms_text(std::int64_t ns) {
    const std::int64_t tenths = ns / 100'000;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " ms";
}

class Checker {
  public:
    Checker(const Bench& bench, const BenchCheckEnv& env,
            const std::function<void(const CheckStep&)>& report)
        : bench_(bench), env_(env), report_(report) {}

    bool run();

  private:
    void emit(const std::string& name, Status status, const std::string& detail) {
        if (status == Status::failed) ok_ = false;
        report_({name, status, detail});
    }
    // Runs `body`, turning a RigError into a FAILED step; true when it did not throw.
    template <class F>
    bool attempt(const std::string& name, F&& body) {
        try {
            body();
            return true;
        } catch (const RigError& e) {
            emit(name, Status::failed, e.what());
            return false;
        }
    }
    // Polls until `want_present` matches whether the key is there, or `timeout`; the key found.
    std::optional<FidoDeviceInfo> wait_key(bool want_present, milliseconds timeout,
                                           milliseconds& waited);
    void open_hardware();
    void cycle();

    const Bench& bench_;
    const BenchCheckEnv& env_;
    const std::function<void(const CheckStep&)>& report_;
    bool ok_ = true;
    std::unique_ptr<PowerSwitch> power_;
    std::unique_ptr<Probe> probe_;
    std::unique_ptr<Touch> touch_;
    std::optional<FidoDeviceInfo> key_;
};

std::optional<FidoDeviceInfo> Checker::wait_key(bool want_present, milliseconds timeout,
                                                milliseconds& waited) {
    waited = milliseconds(0);
    for (;;) {
        std::optional<FidoDeviceInfo> found = env_.find_key();
        if (found.has_value() == want_present) return found;
        if (waited >= timeout) return found;
        env_.sleep(kPoll);
        waited += kPoll;
    }
}

void Checker::open_hardware() {
    attempt("open power switch", [&] {
        power_ = env_.open_power();
        emit("open power switch", Status::ok, power_->describe());
        for (const auto& w : env_.power_warnings(*power_))
            emit("power switch", Status::note, w);
    });
    bool has_vbus = false;
    if (bench_.probe)
        for (const auto& [ch, name] : bench_.probe->channels)
            has_vbus = has_vbus || name == "vbus";
    if (env_.open_probe) {
        attempt("open probe", [&] {
            probe_ = env_.open_probe();
            emit("open probe", Status::ok, probe_->describe());
        });
        if (!has_vbus)
            emit("probe", Status::note,
                 "no probe channel is named vbus: the cut itself cannot be confirmed");
    } else {
        emit("probe", Status::note,
             "no probe on this bench: nothing proves that VBUS really drops (many hubs keep it "
             "up); add a probe with a channel named vbus");
    }
    if (env_.open_touch)
        attempt("open touch", [&] {
            touch_ = env_.open_touch();
            emit("open touch", Status::ok, touch_->describe());
        });
    const std::string wanted = describe(bench_.key);
    attempt("find the key", [&] {
        milliseconds waited{0};
        if (power_) {
            // The key may be off (a previous run left the switch off): power it first.
            power_->set(true);
            key_ = wait_key(true, bench_.timing.enumerate_timeout, waited);
        } else {
            key_ = env_.find_key();
        }
        if (key_)
            emit("find the key", Status::ok, describe(*key_));
        else
            emit("find the key", Status::failed,
                 "no FIDO device found: " + wanted +
                     (power_ ? " (power on, waited " + ms_text(waited) + ")" : "") +
                     "; `nk3rig devices` lists what this host sees");
    });
}

void Checker::cycle() {
    const auto off = bench_.timing.power_off;
    if (probe_ && !attempt("start probe", [&] { probe_->start(); })) probe_.reset();
    if (!attempt("switch power off", [&] {
            power_->set(false);
            emit("switch power off", Status::ok, power_->describe());
        })) {
        for (const char* s : {"key leaves the host", "switch power on", "VBUS fell and rose",
                              "key enumerates again"})
            emit(s, Status::skipped, "the switch failed");
        if (probe_) attempt("stop probe", [&] { probe_->stop(); });
        return;
    }
    milliseconds gone_after{0};
    attempt("key leaves the host", [&] {
        const auto still = wait_key(false, off, gone_after);
        if (still)
            emit("key leaves the host", Status::failed,
                 "still enumerated " + ms_text(gone_after) + " after power off (" + still->path +
                     "): the switch did not disconnect it");
        else
            emit("key leaves the host", Status::ok, "gone after " + ms_text(gone_after));
    });
    if (gone_after < off) env_.sleep(off - gone_after);
    const bool on_ok = attempt("switch power on", [&] {
        power_->set(true);
        emit("switch power on", Status::ok, "after " + ms_text(off) + " off");
    });
    env_.sleep(bench_.timing.boot_wait);
    if (probe_) {
        attempt("VBUS fell and rose", [&] {
            const ProbeCapture capture = probe_->stop();
            const ProbeEdge* fell = nullptr;
            const ProbeEdge* rose = nullptr;
            for (const auto& e : capture.edges) {
                if (e.channel != "vbus") continue;
                if (!fell && !e.level)
                    fell = &e;
                else if (fell && !rose && e.level)
                    rose = &e;
            }
            std::string where = capture.file.empty() ? "" : " (capture: " + capture.file + ")";
            bool watched = false;
            for (const auto& [ch, name] : bench_.probe->channels)
                watched = watched || name == "vbus";
            if (!watched)
                emit("VBUS fell and rose", Status::skipped, "no probe channel named vbus");
            else if (!fell)
                emit("VBUS fell and rose", Status::failed,
                     "no falling edge on vbus: power was never cut (a hub that keeps VBUS up, or "
                     "the probe is not on VBUS)" +
                         where);
            else if (!rose)
                emit("VBUS fell and rose", Status::failed,
                     "VBUS fell at " + ms_text(fell->t_ns) + " and never came back" + where);
            else
                emit("VBUS fell and rose", Status::ok,
                     "fell at " + ms_text(fell->t_ns) + ", rose at " + ms_text(rose->t_ns) +
                         " (off " + ms_text(rose->t_ns - fell->t_ns) + ")" + where);
        });
    } else if (bench_.probe) {
        emit("VBUS fell and rose", Status::skipped, "the probe did not start");
    }
    if (!on_ok) {
        emit("key enumerates again", Status::skipped, "the switch failed");
        return;
    }
    milliseconds waited{0};
    const milliseconds rest = bench_.timing.enumerate_timeout > bench_.timing.boot_wait
                                  ? bench_.timing.enumerate_timeout - bench_.timing.boot_wait
                                  : milliseconds(0);
    attempt("key enumerates again", [&] {
        const auto back = wait_key(true, rest, waited);
        const auto since_on = bench_.timing.boot_wait + waited;
        if (back)
            emit("key enumerates again", Status::ok,
                 "back within " + ms_text(since_on) + " of power on: " + describe(*back));
        else
            emit("key enumerates again", Status::failed,
                 "not back within " + ms_text(since_on) + " of power on (enumerate_timeout_ms " +
                     std::to_string(bench_.timing.enumerate_timeout.count()) + ")");
    });
}

bool Checker::run() {
    open_hardware();
    if (!ok_ || !power_ || !key_) {
        for (const char* s : {"switch power off", "key leaves the host", "switch power on",
                              "VBUS fell and rose", "key enumerates again"})
            emit(s, Status::skipped, "the rig is incomplete (see above)");
        return false;
    }
    cycle();
    return ok_;
}

}  // namespace

BenchCheckEnv bench_check_env(const Bench& bench) {
    BenchCheckEnv env;
    env.open_power = [&bench] { return open_power_switch(bench.power); };
    env.power_warnings = [](const PowerSwitch& p) { return power_switch_warnings(p); };
    if (bench.probe)
        env.open_probe = [&bench]() -> std::unique_ptr<Probe> { return open_probe(*bench.probe); };
    if (bench.touch)
        env.open_touch = [&bench]() -> std::unique_ptr<Touch> { return open_touch(*bench.touch); };
    env.find_key = [&bench] { return find_key(bench.key); };
    env.sleep = [](milliseconds ms) { std::this_thread::sleep_for(ms); };
    return env;
}

bool run_bench_check(const Bench& bench, const BenchCheckEnv& env,
                     const std::function<void(const CheckStep&)>& report) {
    return Checker(bench, env, report).run();
}

}  // namespace nk3::rig::bench
