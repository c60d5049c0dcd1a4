// Trials per second of a campaign on the simulator, and the floor: the time the same trials
// spend in cryptography alone. Prints figures; asserts nothing (the tests do).
//
//   nk3_engine_bench [SCENARIO.yaml] [TARGET] [MAX_TRIALS] [REPEATS]
//     default: scenarios/seed-incident.yaml, sim:nk3am-1.2.2, the whole plan, 3
//
// Three settings, each REPEATS times (alternating): --jobs 1 and --jobs 2 as `nk3rig run` runs
// them (reusing the outcome of a power-on state already seen, docs/engine.md "Same state, same
// outcome"), and --jobs 2 --no-reuse (every trial boots and checks); the rates compared with the
// floor are the medians.
//
// Each run starts with no remembered signatures or verdicts (crypto/result_memo.hpp), as a new
// `nk3rig run` process does; the outcome cache is the campaign's own anyway.
//
// For each: the campaign's setup and dry run (per worker), then its trials; trials/s counts the
// trial phase, the breakdown says where a trial's time goes (restore + operation up to the cut,
// power off/on + boot + reconnect, checks), and how many trials reused an outcome.
//
// The crypto floor counts, during each setting's first run, every cryptographic operation the
// trials really do: those of firmware-shim/crypto, which counts them where they run (the simulated
// key's P-256 base point and ECDH multiplications, ES256 and Ed25519 signatures, certificate
// parses, HMACs of its DRBG and PIN protocol, AES; and the link's own work: ES256
// verifications of assertions, the host side of the PIN tokens it takes itself), and what libfido2
// computes on the host side for the requests the link makes (rig/link counts them: a key agreement
// per request with a PIN, the verifications it leaves to libfido2, the attestation certificate it
// parses). Each kind is then timed alone with firmware-shim/crypto (a certificate parse: d2i_X509
// and its public key, as libfido2 does), and the floor is the sum of counts times costs per trial.
// The counts include the worker's setup and dry run (a few dozen operations, under 1 % of a
// few hundred trials' worth).

#include <openssl/x509.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "crypto/aes_gcm.hpp"
#include "crypto/drbg.hpp"
#include "crypto/ec_p256.hpp"
#include "crypto/ecdh_p256.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/hmac.hpp"
#include "crypto/op_counters.hpp"
#include "crypto/result_memo.hpp"
#include "crypto/x509_attestation.hpp"
#include "harness/engine/campaign.hpp"
#include "harness/results/result_store.hpp"
#include "harness/scenario/scenario_parser.hpp"
#include "rig/link/host_crypto_counts.hpp"

namespace {

namespace stdfs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace nk3;
using crypto::CryptoOp;

double seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}
// CPU time of the whole process (every thread): unlike wall time, it does not grow when other
// work shares the machine.
double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double us(std::chrono::nanoseconds d, std::uint64_t n) {
    return n ? static_cast<double>(d.count()) / 1e3 / static_cast<double>(n) : 0;
}

volatile std::size_t g_sink = 0;  // keeps the crypto from being optimised away

// Microseconds per call of `op`, over `rounds` calls (after one warm-up call).
double time_us(int rounds, const std::function<std::size_t(int)>& op) {
    std::size_t sink = op(-1);
    const auto t0 = Clock::now();
    for (int i = 0; i < rounds; ++i)
        sink += op(i);
    g_sink = sink;
    return seconds(Clock::now() - t0) * 1e6 / rounds;
}

// Cost of one operation of each kind, measured with firmware-shim/crypto.
std::array<double, crypto::kCryptoOpKinds> op_costs_us() {
    constexpr int kRounds = 2000;
    crypto::Drbg drbg(42);
    // Distinct scalars and seeds, so that the key-pair caches miss as a new key does, and a
    // message of its own per call to each signature and verification: the results of the same
    // inputs are remembered (crypto/result_memo.hpp), and what is priced is computing one.
    auto n = [](int i) { return static_cast<std::size_t>(i + 1); };  // op(-1) warms up
    std::vector<crypto::Bytes> scalars;
    for (int i = 0; i < kRounds + 1; ++i) {
        crypto::Bytes s = drbg.bytes(32);
        s[0] &= 0x7f;  // below n
        scalars.push_back(std::move(s));
    }
    const auto p256 = crypto::P256KeyPair::generate(drbg);
    const auto p256_pub = p256.public_key();
    const auto peer = crypto::P256KeyPair::generate(drbg).public_key();
    const auto ed = crypto::Ed25519KeyPair::generate(drbg);
    const auto ed_pub = ed.public_key();
    const crypto::Bytes msg(69, 0x5a);  // authenticator data (37) + client data hash (32)
    std::vector<crypto::Bytes> msgs, es_sigs, ed_sigs;
    for (int i = 0; i < kRounds + 1; ++i) {
        msgs.push_back(drbg.bytes(msg.size()));
        es_sigs.push_back(p256.sign_es256(msgs.back()));
        ed_sigs.push_back(ed.sign(msgs.back()));
    }
    crypto::forget_remembered_results();  // so that each signature below is computed again
    const crypto::Bytes key(32, 0x11);
    const crypto::Bytes nonce(12, 0x22);
    const auto ca = crypto::create_test_ca(drbg);

    std::array<double, crypto::kCryptoOpKinds> cost{};
    auto at = [&](CryptoOp op) -> double& { return cost[static_cast<std::size_t>(op)]; };
    at(CryptoOp::p256_base_mul) = time_us(kRounds, [&](int i) {
        return crypto::P256KeyPair::from_private_bytes(scalars[n(i)]).scalar().size();
    });
    at(CryptoOp::p256_ecdh) =
        time_us(kRounds, [&](int) { return crypto::ecdh_p256_shared_x(p256, peer).size(); });
    at(CryptoOp::es256_sign) =
        time_us(kRounds, [&](int i) { return p256.sign_es256(msgs[n(i)]).size(); });
    at(CryptoOp::es256_verify) = time_us(kRounds, [&](int i) {
        return static_cast<std::size_t>(p256_pub.verify_es256(msgs[n(i)], es_sigs[n(i)]));
    });
    at(CryptoOp::ed25519_keygen) = time_us(kRounds, [&](int i) {
        return crypto::Ed25519KeyPair::from_private_bytes(scalars[n(i)]).private_bytes().size();
    });
    at(CryptoOp::ed25519_sign) =
        time_us(kRounds, [&](int i) { return ed.sign(msgs[n(i)]).size(); });
    at(CryptoOp::ed25519_verify) = time_us(kRounds, [&](int i) {
        return static_cast<std::size_t>(ed_pub.verify(msgs[n(i)], ed_sigs[n(i)]));
    });
    at(CryptoOp::x509_parse) = time_us(kRounds, [&](int) {
        const unsigned char* p = ca.certificate_der.data();
        X509* cert = d2i_X509(nullptr, &p, static_cast<long>(ca.certificate_der.size()));
        EVP_PKEY* pub = cert != nullptr ? X509_get_pubkey(cert) : nullptr;
        const std::size_t ok = pub != nullptr ? 1 : 0;
        EVP_PKEY_free(pub);
        X509_free(cert);
        return ok;
    });
    at(CryptoOp::hmac_sha256) =
        time_us(kRounds, [&](int) { return crypto::hmac_sha256(key, msg).size(); });
    at(CryptoOp::aes256) = time_us(
        kRounds, [&](int) { return crypto::aes256_gcm_encrypt(key, nonce, msg, {}).size(); });
    return cost;
}

using OpCounts = std::array<double, crypto::kCryptoOpKinds>;

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// What the crypto counters say at one moment.
struct CryptoCounters {
    crypto::CryptoOpCounts done = crypto::crypto_op_counts();
    crypto::CryptoOpCounts reused = crypto::crypto_reused_counts();
    rig::HostCryptoCounts host = rig::host_crypto_counts();
};

// The crypto of a run, per trial: computed by firmware-shim/crypto (the key's, and the link's
// own), computed by libfido2 on the host, and given again by crypto/result_memo.hpp.
struct CryptoPerTrial {
    OpCounts ours{};
    OpCounts libfido2{};
    OpCounts remembered{};
};

CryptoPerTrial per_trial(const CryptoCounters& before, const CryptoCounters& after,
                         std::uint64_t trials) {
    const double n = trials ? static_cast<double>(trials) : 1.0;
    auto per = [n](std::uint64_t a, std::uint64_t b) { return static_cast<double>(b - a) / n; };
    CryptoPerTrial c;
    for (std::size_t i = 0; i < crypto::kCryptoOpKinds; ++i) {
        c.ours[i] = per(before.done[i], after.done[i]);
        c.remembered[i] = per(before.reused[i], after.reused[i]);
    }
    auto at = [&](CryptoOp op) -> double& { return c.libfido2[static_cast<std::size_t>(op)]; };
    const double agreements = per(before.host.key_agreements, after.host.key_agreements);
    // A key agreement: an ephemeral key pair and an ECDH; then the PIN protocol two's KDF (two
    // HKDFs: four HMACs), the request's HMAC, and AES for the PIN hash and the token.
    at(CryptoOp::p256_base_mul) = agreements;
    at(CryptoOp::p256_ecdh) = agreements;
    at(CryptoOp::hmac_sha256) = 5 * agreements;
    at(CryptoOp::aes256) = 2 * agreements;
    at(CryptoOp::es256_verify) = per(before.host.es256_verify, after.host.es256_verify);
    at(CryptoOp::ed25519_verify) = per(before.host.ed25519_verify, after.host.ed25519_verify);
    at(CryptoOp::x509_parse) = per(before.host.x509_parse, after.host.x509_parse);
    return c;
}

// One campaign of `scenario` on `target` with `jobs` workers, stopped after `max_trials`
// trials (0: the whole plan); prints its line. The crypto it counted, per trial, goes to
// `crypto` when that is given.
double run_once(const scenario::Scenario& sc, const std::string& target, int jobs, bool reuse,
                std::uint64_t max_trials, CryptoPerTrial* crypto) {
    const stdfs::path dir =
        stdfs::temp_directory_path() /
        ("nk3-engine-bench-" + std::to_string(::getpid()) + "-" + std::to_string(jobs));
    stdfs::remove_all(dir);
    engine::CampaignOptions o;
    o.jobs = jobs;
    o.seed = 1;
    o.reuse_outcomes = reuse;
    crypto::forget_remembered_results();  // each run starts as `nk3rig run` does, remembering none
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
    const CryptoCounters before;
    const double cpu_before = process_cpu_seconds();
    const auto r = campaign.run(store, {});
    const double cpu = process_cpu_seconds() - cpu_before;
    if (crypto) *crypto = per_trial(before, CryptoCounters{}, r.ran);
    const double s = seconds(r.elapsed);
    const double rate = static_cast<double>(r.ran) / s;
    const auto& t = r.timings;
    std::printf(
        "--jobs %d%s: %llu trials in %.3f s = %.0f trials/s (setup + dry run + plan %.3f s)\n"
        "   outcome reused (same key and history at power-on as an earlier trial): %llu\n"
        "   per trial (worker time): operation up to the cut %.1f us, power off/on + boot "
        "+ reconnect %.1f us, checks %.1f us, total %.1f us\n"
        "   CPU time: %.1f us per trial (%.0f trials per CPU second)\n",
        jobs, reuse ? "" : " --no-reuse", static_cast<unsigned long long>(r.ran), s, rate,
        seconds(t1 - t0), static_cast<unsigned long long>(t.reused), us(t.operation, t.trials),
        us(t.recovery, t.trials), us(t.checks, t.trials), us(t.total, t.trials),
        r.ran ? cpu * 1e6 / static_cast<double>(r.ran) : 0.0,
        cpu > 0 ? static_cast<double>(r.ran) / cpu : 0.0);
    stdfs::remove_all(dir);
    return rate;
}

}  // namespace

int main(int argc, char** argv) {
    const stdfs::path scenario_path =
        argc > 1 ? stdfs::path(argv[1])
                 : stdfs::path(NK3RIG_SOURCE_DIR) / "scenarios/seed-incident.yaml";
    const std::string target = argc > 2 ? argv[2] : "sim:nk3am-1.2.2";
    const std::uint64_t max_trials = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 0;
    const int repeats = argc > 4 ? std::max(1, std::atoi(argv[4])) : 3;
    const auto sc = scenario::load_scenario(scenario_path);
    std::printf("nk3_engine_bench: %s on %s (%u cores)\n", sc.name.c_str(), target.c_str(),
                std::thread::hardware_concurrency());

    // Each setting runs `repeats` times, alternating, and the median is compared with the
    // floor: on a shared machine single runs move by a quarter. The crypto is counted in each
    // setting's first run.
    struct Setting {
        int jobs;
        bool reuse;
        std::vector<double> rates;
        CryptoPerTrial crypto{};
    };
    std::array<Setting, 3> settings{{{1, true, {}, {}}, {2, true, {}, {}}, {2, false, {}, {}}}};
    for (int round = 0; round < repeats; ++round)
        for (auto& st : settings)
            st.rates.push_back(run_once(sc, target, st.jobs, st.reuse, max_trials,
                                        round == 0 ? &st.crypto : nullptr));

    const auto cost = op_costs_us();
    // Microseconds per trial of the operations `counts` holds.
    auto priced = [&](const OpCounts& counts) {
        double t = 0;
        for (std::size_t i = 0; i < crypto::kCryptoOpKinds; ++i)
            t += counts[i] * cost[i];
        return t;
    };
    auto floor_of = [&](const Setting& st) {
        return priced(st.crypto.ours) + priced(st.crypto.libfido2);
    };
    const CryptoPerTrial& counted = settings[0].crypto;
    std::printf(
        "crypto per trial (counted in the first --jobs 1 run; ours = firmware-shim/crypto: the "
        "key, and the link's checks and PIN tokens; libfido2 = its host side; remembered = "
        "results of the same inputs given again, not computed):\n"
        "  %-15s %8s %8s %10s %10s %12s\n",
        "operation", "ours", "libfido2", "remembered", "us each", "us/trial");
    for (std::size_t i = 0; i < crypto::kCryptoOpKinds; ++i)
        std::printf("  %-15s %8.2f %8.2f %10.2f %10.2f %12.1f\n",
                    std::string(crypto::crypto_op_name(static_cast<CryptoOp>(i))).c_str(),
                    counted.ours[i], counted.libfido2[i], counted.remembered[i], cost[i],
                    (counted.ours[i] + counted.libfido2[i]) * cost[i]);
    const double floor_us = floor_of(settings[0]);
    const double floor_no_reuse_us = floor_of(settings[2]);
    const double floor_rate1 = floor_us > 0 ? 1e6 / floor_us : 0;
    const double floor_no_reuse_rate1 = floor_no_reuse_us > 0 ? 1e6 / floor_no_reuse_us : 0;
    const double rate1 = median(settings[0].rates);
    const double rate2 = median(settings[1].rates);
    const double rate2_no_reuse = median(settings[2].rates);
    std::printf(
        "crypto floor: %.1f us per trial = %.0f trials/s on one core, %.0f on two "
        "(--no-reuse: %.1f us per trial, %.0f trials/s on two); computing the remembered "
        "results too would add %.1f us per trial (--no-reuse: %.1f)\n"
        "median of %d runs each:\n"
        "--jobs 1: %.0f trials/s, %.2fx the floor's time per trial\n"
        "--jobs 2: %.0f trials/s, %.2fx the two-core floor's time per trial; "
        "target >= 1500 trials/s: %s\n"
        "--jobs 2 --no-reuse: %.0f trials/s, %.2fx its two-core floor's time per trial\n",
        floor_us, floor_rate1, 2 * floor_rate1, floor_no_reuse_us, 2 * floor_no_reuse_rate1,
        priced(counted.remembered), priced(settings[2].crypto.remembered), repeats, rate1,
        rate1 > 0 ? floor_rate1 / rate1 : 0.0, rate2, rate2 > 0 ? 2 * floor_rate1 / rate2 : 0.0,
        rate2 >= 1500 ? "met" : "NOT met", rate2_no_reuse,
        rate2_no_reuse > 0 ? 2 * floor_no_reuse_rate1 / rate2_no_reuse : 0.0);
    return 0;
}
