// history_digest: equal histories give equal digests, and a change to any one field gives
// another (a field left out of the digest would let two trials that told the host different
// things share an outcome).

#include "harness/checks/history_digest.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks {
namespace {

History sample() {
    History h;
    h.credentials.push_back(testing::acknowledged(
        "ssh", rig::Credential{"ssh:", {1, 2, 3}, {4, 5}, rig::Alg::eddsa, {6}, false}));
    CredentialHistory web;
    web.name = "web";
    web.rp = "example.org";
    web.resident = true;
    web.created = Fate::in_flight;
    h.credentials.push_back(web);
    h.pin.pin = "123456";
    h.pin.retries_before = 8;
    h.identity.aaguid = {9, 9};
    h.identity.attestation_x5c = true;
    h.identity.attestation_certificate = {0x30, 0x82};
    h.max_counter_seen = 17;
    return h;
}

TEST(HistoryDigest, EqualHistoriesEqualDigests) {
    EXPECT_EQ(history_digest(sample()), history_digest(sample()));
    EXPECT_EQ(history_digest(sample()).size(), 32u);
}

TEST(HistoryDigest, EveryFieldCounts) {
    using Change = std::pair<std::string, std::function<void(History&)>>;
    auto cred = [](History& h) -> rig::Credential& { return *h.credentials[0].credential; };
    const std::vector<Change> changes{
        {"credentials (one more)", [](History& h) { h.credentials.push_back({}); }},
        {"name", [](History& h) { h.credentials[0].name = "ssh2"; }},
        {"rp", [](History& h) { h.credentials[0].rp = "ssh:x"; }},
        {"resident", [](History& h) { h.credentials[0].resident = true; }},
        {"created", [](History& h) { h.credentials[0].created = Fate::in_flight; }},
        {"deleted", [](History& h) { h.credentials[0].deleted = Fate::acknowledged; }},
        {"credential (none)", [](History& h) { h.credentials[0].credential.reset(); }},
        {"credential.rp", [&](History& h) { cred(h).rp = "other"; }},
        {"credential.id", [&](History& h) { cred(h).id.push_back(0); }},
        {"credential.public_key", [&](History& h) { cred(h).public_key[0] ^= 1; }},
        {"credential.alg", [&](History& h) { cred(h).alg = rig::Alg::es256; }},
        {"credential.user_id", [&](History& h) { cred(h).user_id = {7}; }},
        {"credential.resident", [&](History& h) { cred(h).resident = true; }},
        {"cred_protect", [](History& h) { h.credentials[0].cred_protect = 3; }},
        {"replaced_by", [](History& h) { h.credentials[0].replaced_by = "web"; }},
        {"pin", [](History& h) { h.pin.pin = "1234567"; }},
        {"pin (none)", [](History& h) { h.pin.pin.reset(); }},
        {"pin_in_flight", [](History& h) { h.pin.pin_in_flight = "123456"; }},
        {"retries_before", [](History& h) { h.pin.retries_before = 7; }},
        {"wrong_attempts_acknowledged", [](History& h) { h.pin.wrong_attempts_acknowledged = 1; }},
        {"wrong_attempt_in_flight", [](History& h) { h.pin.wrong_attempt_in_flight = true; }},
        {"pin_use_in_flight", [](History& h) { h.pin.pin_use_in_flight = true; }},
        {"aaguid", [](History& h) { h.identity.aaguid[1] = 8; }},
        {"attestation_x5c", [](History& h) { h.identity.attestation_x5c = false; }},
        {"attestation_certificate",
         [](History& h) { h.identity.attestation_certificate.push_back(1); }},
        {"max_counter_seen", [](History& h) { h.max_counter_seen = 18; }},
        {"reset", [](History& h) { h.reset = Fate::in_flight; }},
        {"cut_happened", [](History& h) { h.cut_happened = true; }},
    };
    const auto base = history_digest(sample());
    std::set<crypto::Bytes> seen{base};
    for (const auto& [what, change] : changes) {
        History h = sample();
        change(h);
        const auto d = history_digest(h);
        EXPECT_NE(d, base) << what;
        EXPECT_TRUE(seen.insert(d).second) << what << " collides with another change";
    }
}

TEST(HistoryDigest, FieldsDoNotRunTogether) {
    // Length prefixes: "ab" + "c" is not "a" + "bc".
    History a = sample(), b = sample();
    a.credentials[0].name = "ab";
    a.credentials[0].rp = "c";
    b.credentials[0].name = "a";
    b.credentials[0].rp = "bc";
    EXPECT_NE(history_digest(a), history_digest(b));
}

}  // namespace
}  // namespace nk3::checks
