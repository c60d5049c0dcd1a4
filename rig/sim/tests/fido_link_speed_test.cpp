// Prints (does not assert) how long FidoLink operations take on the simulator in wall time:
// the campaign runs thousands of trials per second through them.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "sim_key_fixture.hpp"

namespace nk3::rig::testing {
namespace {

template <class F>
double micros_per_call(int n, F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i)
        f();
    const auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::micro>(t1 - t0).count() / n;
}

TEST(FidoLinkSpeed, PrintsMicrosecondsPerOperation) {
    SimKey k;
    const Credential es = k.make(request("example.org", "speedy"));
    const Credential ed = k.make(request("ssh:", "speedy", Alg::eddsa));
    const auto snap = k.key->snapshot();
    constexpr int n = 300;
    bool all_ok = true;
    const double assert_es = micros_per_call(
        n, [&] { all_ok &= k.link.get_assertion("example.org", {es}, {}, false, {}).ok(); });
    const double assert_ed = micros_per_call(
        n, [&] { all_ok &= k.link.get_assertion("ssh:", {ed}, {}, false, {}).ok(); });
    Credential ed_no_key = ed;  // same id, no public key: the signature is not verified
    ed_no_key.public_key.clear();
    const double assert_unverified = micros_per_call(
        n, [&] { all_ok &= k.link.get_assertion("ssh:", {ed_no_key}, {}, false, {}).ok(); });
    const double make_es = micros_per_call(
        n / 3, [&] { all_ok &= k.link.make_credential(request("example.org", "m"), {}).ok(); });
    const double connect = micros_per_call(n, [&] { all_ok &= k.link.connect().ok(); });
    const double trial = micros_per_call(n, [&] {
        k.key->restore(snap);
        all_ok &= k.link.connect().ok();
        all_ok &= k.link.get_assertion("ssh:", {ed}, {}, false, {}).ok();
    });
    const double status = micros_per_call(n, [&] { all_ok &= k.link.admin_status().ok(); });
    EXPECT_TRUE(all_ok);
    std::printf(
        "FidoLink on the simulator (wall time per call):\n"
        "  get_assertion ES256 up=false   %8.1f us\n"
        "  get_assertion EdDSA up=false   %8.1f us\n"
        "  get_assertion EdDSA unverified %8.1f us (the same without verification)\n"
        "  make_credential ES256 (touch)  %8.1f us\n"
        "  connect (INIT + 2 getInfo)     %8.1f us\n"
        "  restore + connect + assertion  %8.1f us\n"
        "  admin_status                   %8.1f us\n",
        assert_es, assert_ed, assert_unverified, make_es, connect, trial, status);
}

}  // namespace
}  // namespace nk3::rig::testing
