// The checks against the simulated NK3 through the real libfido2 link (sim:PROFILE targets): an
// untouched key passes every check, and a key that reset itself behind the host's back fails the
// checks that should see it, with the answers a real key gives.

#include <gtest/gtest.h>

#include "harness/checks/run_checks.hpp"
#include "rig/target.hpp"

namespace nk3::checks {
namespace {

constexpr const char* kPin = "123456";

rig::CredentialRequest request(const std::string& rp, const std::string& user, rig::Alg alg,
                               bool resident) {
    rig::CredentialRequest r;
    r.rp = rp;
    r.user_id.assign(user.begin(), user.end());
    r.user_name = user;
    r.alg = alg;
    r.resident = resident;
    return r;
}

struct ChecksOnVirtualKey : ::testing::Test {
    std::unique_ptr<rig::Target> target;
    History history;

    void SetUp() override {
        target = rig::sim_target_factory("sim:nk3am-1.3.1", 11)();
        rig::Link& link = *target->link;
        ASSERT_TRUE(link.connect().ok());
        ASSERT_TRUE(link.set_pin(kPin).ok());
        history.pin.pin = kPin;
        make("ssh", request("ssh:", "alice", rig::Alg::eddsa, false));
        make("web", request("example.org", "alice", rig::Alg::es256, true));
        const auto retries = link.pin_retries();
        ASSERT_TRUE(retries.ok());
        history.pin.retries_before = *retries.value;
    }

    void make(const std::string& name, const rig::CredentialRequest& r) {
        const auto made = target->link->make_credential(r, std::string(kPin));
        ASSERT_TRUE(made.ok()) << made.status.text;
        CredentialHistory c;
        c.name = name;
        c.rp = r.rp;
        c.resident = r.resident;
        c.created = Fate::acknowledged;
        c.credential = made.value->credential;
        history.credentials.push_back(c);
        history.max_counter_seen = std::max(history.max_counter_seen, made.value->counter);
        history.identity.aaguid = made.value->attestation.aaguid;
        history.identity.attestation_x5c = made.value->attestation.has_x5c;
        history.identity.attestation_certificate = made.value->attestation.certificate;
    }

    std::vector<CheckOutcome> check_after_power_cycle() {
        target->power->set(false);
        target->power->set(true);
        CheckContext context{*target->link, target->sim, history};
        std::vector<std::string> names;
        for (auto n : check_names())
            names.emplace_back(n);
        return run_checks(names, context);
    }
};

TEST_F(ChecksOnVirtualKey, AnUntouchedKeyPassesEveryCheck) {
    const auto outcomes = check_after_power_cycle();
    EXPECT_EQ(verdict_line(outcomes), "pass");
    for (const auto& o : outcomes)
        EXPECT_FALSE(o.result.skipped) << o.name << ": " << o.result.reason;
}

TEST_F(ChecksOnVirtualKey, AKeyThatResetItselfIsCaught) {
    target->power->set(false);
    target->power->set(true);
    ASSERT_TRUE(target->link->connect().ok());
    ASSERT_TRUE(target->link->reset().ok());  // the host never learns of it
    const auto outcomes = check_after_power_cycle();
    std::map<std::string, CheckResult> by_name;
    for (const auto& o : outcomes)
        by_name[o.name] = o.result;
    EXPECT_TRUE(by_name["device_returns"].passed);
    EXPECT_TRUE(by_name["fs_intact"].passed);
    EXPECT_EQ(by_name["pin_still_set"].reason, "PIN lost: the key says no PIN is set");
    EXPECT_EQ(by_name["credentials_survive"].reason, "lost: ssh, web");
    EXPECT_EQ(by_name["no_self_reset"].reason,
              "device secret changed: no non-resident credential unwraps (ssh)");
    EXPECT_TRUE(by_name["attestation_present"].passed);  // reset keeps the attestation
}

// signature_valid through the link: the host verifies every assertion (ES256 with the keys it
// caches, EdDSA through libfido2) and says no to a key, an rp or a signature that does not match.
TEST_F(ChecksOnVirtualKey, AssertionSignaturesAreVerifiedAgainstTheKeyTheHostHolds) {
    make("git", request("git.example.org", "alice", rig::Alg::es256, false));
    rig::Link& link = *target->link;
    ASSERT_TRUE(link.connect().ok());
    for (const std::string name : {"ssh", "web", "git"}) {
        const rig::Credential c = *history.find(name)->credential;
        const std::vector<rig::Credential> allow{c};
        for (int twice = 0; twice < 2; ++twice) {  // the second time from the key cache
            const auto a = link.get_assertion(c.rp, allow, allow, false, std::nullopt);
            ASSERT_TRUE(a.ok()) << name << ": " << a.status.text;
            EXPECT_TRUE(a.value->signature_valid) << name;
        }
    }
    // Another credential's public key: the signature does not verify.
    const rig::Credential web = *history.find("web")->credential;
    const rig::Credential git = *history.find("git")->credential;
    rig::Credential wrong_key = git;
    wrong_key.public_key = web.public_key;
    auto a = link.get_assertion(git.rp, {wrong_key}, {}, false, std::nullopt);
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(a.value->signature_valid);
    // A public key that is no point on the curve.
    rig::Credential bad_point = git;
    bad_point.public_key.back() ^= 0x01;
    a = link.get_assertion(git.rp, {bad_point}, {}, false, std::nullopt);
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(a.value->signature_valid);
    // EdDSA with the wrong key.
    const rig::Credential ssh = *history.find("ssh")->credential;
    rig::Credential ssh_wrong = ssh;
    ssh_wrong.public_key[0] ^= 0x01;
    a = link.get_assertion(ssh.rp, {ssh_wrong}, {}, false, std::nullopt);
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(a.value->signature_valid);
}

}  // namespace
}  // namespace nk3::checks
