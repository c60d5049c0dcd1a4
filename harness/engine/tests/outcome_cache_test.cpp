// The outcome cache's guards: a hit whose History differs from the trial's is refused, and a
// re-check that disagrees with the remembered outcome is an error.

#include "harness/engine/outcome_cache.hpp"

#include <gtest/gtest.h>

#include "harness/engine/engine_error.hpp"

namespace nk3::engine {
namespace {

checks::History a_history() {
    checks::History h;
    checks::CredentialHistory ssh;
    ssh.name = "ssh";
    ssh.rp = "ssh:";
    ssh.created = checks::Fate::acknowledged;
    ssh.credential = rig::Credential{"ssh:", {1, 2, 3}, {4, 5}, rig::Alg::eddsa, {0}, false};
    h.credentials.push_back(ssh);
    h.pin.pin = "123456";
    h.max_counter_seen = 7;
    return h;
}

TEST(OutcomeCacheGuard, AHitWithTheSameHistoryIsAccepted) {
    PowerOnOutcome hit;
    hit.history = a_history();
    EXPECT_NO_THROW(require_same_history(hit, a_history(), 3));
}

TEST(OutcomeCacheGuard, AHitWhoseHistoryDiffersInAnyFieldIsRefused) {
    PowerOnOutcome hit;
    hit.history = a_history();
    auto changes = std::vector<void (*)(checks::History&)>{
        [](checks::History& h) { h.max_counter_seen = 8; },
        [](checks::History& h) { h.pin.blocked_attempts_acknowledged = 1; },
        [](checks::History& h) { h.credentials[0].credential->id.push_back(9); },
        [](checks::History& h) { h.identity.attestation_x5c = true; },
        [](checks::History& h) { h.cut_happened = true; },
    };
    for (std::size_t i = 0; i < changes.size(); ++i) {
        checks::History other = a_history();
        changes[i](other);
        try {
            require_same_history(hit, other, 42);
            ADD_FAILURE() << "change " << i << " accepted";
        } catch (const DeterminismError& e) {
            EXPECT_NE(std::string(e.what()).find("trial 42"), std::string::npos) << e.what();
        }
    }
}

TEST(OutcomeCacheGuard, ARecheckThatDisagreesIsAnError) {
    PowerOnOutcome remembered;
    remembered.recovery_ns = 100;
    remembered.checks = {{"device_returns", true, ""}, {"credentials_survive", true, ""}};
    PowerOnOutcome fresh = remembered;
    EXPECT_NO_THROW(require_same_outcome(remembered, fresh, 1));
    fresh.checks[1] = {"credentials_survive", false, "lost: ssh"};
    try {
        require_same_outcome(remembered, fresh, 5);
        ADD_FAILURE() << "a disagreeing re-check was accepted";
    } catch (const DeterminismError& e) {
        EXPECT_NE(std::string(e.what()).find("credentials_survive"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("trial 5"), std::string::npos);
    }
    fresh = remembered;
    fresh.recovery_ns = 101;
    EXPECT_THROW(require_same_outcome(remembered, fresh, 5), DeterminismError);
}

}  // namespace
}  // namespace nk3::engine
