// The bench check procedure against a fake bench (no hardware here): a switch that powers a key
// in and out of the device list, a probe that sees VBUS follow the switch unless the "hub" keeps
// it up. What each step reports, and which failure stops what.
#include "rig/bench/bench_check.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rig/rig_error.hpp"

namespace nk3::rig::bench {
namespace {

using ::testing::HasSubstr;
using Status = CheckStep::Status;

struct FakeBench {
    bool powered = false;
    bool vbus_kept = false;    // a hub that claims per-port switching and keeps VBUS up
    bool key_lingers = false;  // the key stays enumerated when off
    bool key_comes_back = true;
    bool switched_off_once = false;
    bool probing = false;
    std::int64_t clock_ns = 0;
    std::vector<ProbeEdge> edges;
};

class FakeSwitch : public PowerSwitch {
  public:
    explicit FakeSwitch(FakeBench& b) : b_(b) {}
    std::string describe() const override { return "fake switch"; }
    void set(bool on) override {
        if (!on) b_.switched_off_once = true;
        if (b_.probing && !b_.vbus_kept && on != b_.powered)
            b_.edges.push_back({b_.clock_ns += 1'000'000, "vbus", on});
        b_.powered = on;
    }

  private:
    FakeBench& b_;
};

class FakeProbe : public Probe {
  public:
    explicit FakeProbe(FakeBench& b) : b_(b) {}
    std::string describe() const override { return "fake probe"; }
    void start() override { b_.probing = true; }
    ProbeCapture stop() override {
        b_.probing = false;
        return {std::exchange(b_.edges, {}), ""};
    }

  private:
    FakeBench& b_;
};

Bench bench_with_probe(bool probe) {
    Bench b;
    b.name = "fake";
    b.timing.power_off = std::chrono::milliseconds(200);
    b.timing.boot_wait = std::chrono::milliseconds(100);
    b.timing.enumerate_timeout = std::chrono::milliseconds(1000);
    if (probe) b.probe = SigrokProbeSpec{"demo", {{"D0", "vbus"}}, 1000};
    return b;
}

BenchCheckEnv fake_env(FakeBench& fb, bool probe) {
    BenchCheckEnv env;
    env.open_power = [&fb] { return std::make_unique<FakeSwitch>(fb); };
    env.power_warnings = [](const PowerSwitch&) { return std::vector<std::string>{}; };
    if (probe) env.open_probe = [&fb] { return std::make_unique<FakeProbe>(fb); };
    env.find_key = [&fb]() -> std::optional<FidoDeviceInfo> {
        const bool there = (fb.powered || fb.key_lingers) &&
                           (fb.key_comes_back || !fb.switched_off_once || fb.key_lingers);
        if (!there) return std::nullopt;
        return FidoDeviceInfo{"/dev/hidraw3", 0x20a0, 0x42b2, "Nitrokey", "Nitrokey 3"};
    };
    env.sleep = [&fb](std::chrono::milliseconds ms) { fb.clock_ns += ms.count() * 1'000'000; };
    return env;
}

struct CheckRun {
    bool ok;
    std::vector<CheckStep> steps;
    const CheckStep& step(const std::string& name) const {
        for (const auto& s : steps)
            if (s.name == name) return s;
        static const CheckStep none{"(missing)", Status::skipped, "step not reported"};
        return none;
    }
};

CheckRun check(const Bench& bench, const BenchCheckEnv& env) {
    CheckRun r;
    r.ok = run_bench_check(bench, env, [&](const CheckStep& s) { r.steps.push_back(s); });
    return r;
}

TEST(BenchCheck, WorkingBenchPassesEveryStep) {
    FakeBench fb;
    const CheckRun r = check(bench_with_probe(true), fake_env(fb, true));
    EXPECT_TRUE(r.ok);
    for (const char* name :
         {"open power switch", "open probe", "find the key", "switch power off",
          "key leaves the host", "switch power on", "VBUS fell and rose", "key enumerates again"})
        EXPECT_EQ(r.step(name).status, Status::ok) << name << ": " << r.step(name).detail;
    EXPECT_THAT(r.step("VBUS fell and rose").detail, HasSubstr("fell at"));
    EXPECT_THAT(r.step("key enumerates again").detail, HasSubstr("/dev/hidraw3"));
    EXPECT_TRUE(fb.powered) << "the check leaves the key powered";
}

TEST(BenchCheck, HubThatKeepsVbusUpIsCaughtByTheProbe) {
    FakeBench fb;
    fb.vbus_kept = true;
    const CheckRun r = check(bench_with_probe(true), fake_env(fb, true));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.step("key leaves the host").status, Status::ok);
    EXPECT_EQ(r.step("VBUS fell and rose").status, Status::failed);
    EXPECT_THAT(r.step("VBUS fell and rose").detail, HasSubstr("keeps VBUS up"));
}

TEST(BenchCheck, WithoutProbeItSaysNothingProvesTheCut) {
    FakeBench fb;
    const CheckRun r = check(bench_with_probe(false), fake_env(fb, false));
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.step("probe").status, Status::note);
    EXPECT_THAT(r.step("probe").detail, HasSubstr("nothing proves that VBUS really drops"));
}

TEST(BenchCheck, KeyThatStaysOrDoesNotReturnFails) {
    FakeBench lingering;
    lingering.key_lingers = true;
    CheckRun r = check(bench_with_probe(false), fake_env(lingering, false));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.step("key leaves the host").status, Status::failed);
    EXPECT_THAT(r.step("key leaves the host").detail, HasSubstr("did not disconnect"));

    FakeBench gone;
    gone.key_comes_back = false;
    r = check(bench_with_probe(false), fake_env(gone, false));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.step("key enumerates again").status, Status::failed);
    EXPECT_THAT(r.step("key enumerates again").detail, HasSubstr("not back within"));
}

TEST(BenchCheck, MissingHardwareFailsAndSkipsTheCycle) {
    FakeBench fb;
    BenchCheckEnv env = fake_env(fb, true);
    env.open_power = []() -> std::unique_ptr<PowerSwitch> {
        throw RigError("GPIO chip \"gpiochip0\" not found");
    };
    env.open_probe = []() -> std::unique_ptr<Probe> {
        throw RigError("sigrok probe: driver fx2lafw found no device");
    };
    env.find_key = []() -> std::optional<FidoDeviceInfo> { return std::nullopt; };
    const CheckRun r = check(bench_with_probe(true), env);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.step("open power switch").status, Status::failed);
    EXPECT_THAT(r.step("open power switch").detail, HasSubstr("gpiochip0"));
    EXPECT_EQ(r.step("open probe").status, Status::failed);
    EXPECT_EQ(r.step("find the key").status, Status::failed);
    EXPECT_THAT(r.step("find the key").detail, HasSubstr("nk3rig devices"));
    for (const char* name : {"switch power off", "switch power on", "key enumerates again"})
        EXPECT_EQ(r.step(name).status, Status::skipped) << name;
}

}  // namespace
}  // namespace nk3::rig::bench
