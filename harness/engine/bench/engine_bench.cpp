// Trials per second of a campaign on the simulator, and the floor: the time the same trials
// spend in cryptography alone. Prints figures; asserts nothing (the tests do).
//
//   nk3_engine_bench [SCENARIO.yaml] [TARGET] [MAX_TRIALS]
//     default: scenarios/seed-incident.yaml, sim:nk3am-1.3.0, the whole plan
//
// For --jobs 1 and 2: the campaign's setup and dry run (per worker), then its trials; trials/s
// counts the trial phase, the breakdown says where a trial's time goes (restore + operation up
// to the cut, power off/on + boot + reconnect, checks).
//
// The crypto floor models what one trial of the seed incident computes, timed directly with
// firmware-shim/crypto (OpenSSL 3, as the key and libfido2 use): the login in flight (EdDSA
// sign on the key, verify on the host), the checks' PIN token twice (P-256 key agreement: a
// key pair on each side, ECDH on each side), their silent assertions of the four credentials
// (one EdDSA, three ES256: sign + verify each), and the throwaway attestation credential
// (P-256 key generation, ES256 attestation signature, host verification).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "crypto/drbg.hpp"
#include "crypto/ec_p256.hpp"
#include "crypto/ecdh_p256.hpp"
#include "crypto/ed25519.hpp"
#include "harness/engine/campaign.hpp"
#include "harness/results/result_store.hpp"
#include "harness/scenario/scenario_parser.hpp"

namespace {

namespace stdfs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace nk3;

double seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}
double us(std::chrono::nanoseconds d, std::uint64_t n) {
    return n ? static_cast<double>(d.count()) / 1e3 / static_cast<double>(n) : 0;
}

volatile std::size_t g_sink = 0;  // keeps the crypto from being optimised away

// Seconds per trial of the modelled crypto, averaged over `rounds`.
double crypto_floor(int rounds) {
    crypto::Drbg drbg(42);
    const auto ed = crypto::Ed25519KeyPair::generate(drbg);
    const auto ed_pub = ed.public_key();
    const auto p256 = crypto::P256KeyPair::generate(drbg);
    const auto p256_pub = p256.public_key();
    const crypto::Bytes msg(69, 0x5a);  // authenticator data (37) + client data hash (32)
    std::size_t sink = 0;
    const auto t0 = Clock::now();
    for (int r = 0; r < rounds; ++r) {
        // The login in flight.
        auto sig = ed.sign(msg);
        sink += ed_pub.verify(msg, sig);
        // Two PIN tokens: key agreement on both sides.
        for (int k = 0; k < 2; ++k) {
            auto device = crypto::P256KeyPair::generate(drbg);
            auto host = crypto::P256KeyPair::generate(drbg);
            sink += crypto::ecdh_p256_shared_x(device, host.public_key()).size();
            sink += crypto::ecdh_p256_shared_x(host, device.public_key()).size();
        }
        // Silent assertions: ssh (EdDSA), web, git, mail (ES256).
        auto s1 = ed.sign(msg);
        sink += ed_pub.verify(msg, s1);
        for (int k = 0; k < 3; ++k) {
            auto s = p256.sign_es256(msg);
            sink += p256_pub.verify_es256(msg, s);
        }
        // The attestation credential.
        auto cred = crypto::P256KeyPair::generate(drbg);
        sink += cred.public_key().verify_es256(msg, cred.sign_es256(msg));
        auto att = p256.sign_es256(msg);
        sink += p256_pub.verify_es256(msg, att);
    }
    g_sink = sink;
    return seconds(Clock::now() - t0) / rounds;
}

}  // namespace

int main(int argc, char** argv) {
    const stdfs::path scenario_path =
        argc > 1 ? stdfs::path(argv[1])
                 : stdfs::path(NK3RIG_SOURCE_DIR) / "scenarios/seed-incident.yaml";
    const std::string target = argc > 2 ? argv[2] : "sim:nk3am-1.3.0";
    const std::uint64_t max_trials = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 0;
    const auto sc = scenario::load_scenario(scenario_path);
    std::printf("nk3_engine_bench: %s on %s (%u cores)\n", sc.name.c_str(), target.c_str(),
                std::thread::hardware_concurrency());

    double rate2 = 0;
    std::uint64_t trials_done = 0;
    for (int jobs : {1, 2}) {
        const stdfs::path dir =
            stdfs::temp_directory_path() /
            ("nk3-engine-bench-" + std::to_string(::getpid()) + "-" + std::to_string(jobs));
        stdfs::remove_all(dir);
        engine::CampaignOptions o;
        o.jobs = jobs;
        o.seed = 1;
        std::atomic<bool> stop{false};
        std::atomic<std::uint64_t> n{0};
        o.stop = &stop;
        if (max_trials)
            o.on_trial = [&](const results::TrialRecord&) {
                if (++n >= max_trials) stop = true;
            };
        const auto t0 = Clock::now();
        engine::Campaign campaign(sc, rig::sim_target_factory(target, 1), o);
        const auto& plan = campaign.plan();
        const auto t1 = Clock::now();
        results::RunInfo info;
        info.scenario = sc.name;
        info.target = target;
        info.plan_size = plan.size();
        auto store = results::ResultStore::create(dir, info);
        const auto r = campaign.run(store, {});
        const double s = seconds(r.elapsed);
        const double rate = static_cast<double>(r.ran) / s;
        if (jobs == 2) rate2 = rate;
        trials_done = r.ran;
        const auto& t = r.timings;
        std::printf(
            "--jobs %d: %llu trials in %.3f s = %.0f trials/s (setup + dry run + plan %.3f s)\n"
            "   per trial (worker time): operation up to the cut %.1f us, power off/on + boot + "
            "reconnect %.1f us, checks %.1f us, total %.1f us\n",
            jobs, static_cast<unsigned long long>(r.ran), s, rate, seconds(t1 - t0),
            us(t.operation, t.trials), us(t.recovery, t.trials), us(t.checks, t.trials),
            us(t.total, t.trials));
        stdfs::remove_all(dir);
    }
    const double floor = crypto_floor(500);
    std::printf(
        "crypto floor: %.1f us per trial (modelled: 2 EdDSA sign+verify, 4 ES256 sign+"
        "verify, 5 P-256 key generations, 4 ECDH) = %.0f trials/s on one core, %.0f on two\n",
        floor * 1e6, 1 / floor, 2 / floor);
    std::printf(
        "--jobs 2 runs at %.2fx the two-core crypto floor's time per trial (%.0f vs %.0f "
        "trials/s); target >= 1500 trials/s: %s\n",
        rate2 > 0 ? (2 / floor) / rate2 : 0.0, rate2, 2 / floor, rate2 >= 1500 ? "met" : "NOT met");
    (void)trials_done;
    return 0;
}
