// no_self_reset: AAGUID, attestation certificate and device secret unchanged.

#include <gtest/gtest.h>

#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks::testing {
namespace {

struct NoSelfReset : ::testing::Test {
    FakeLink link;
    History history;
    void SetUp() override {
        history.identity.aaguid = link.aaguid;
        history.identity.attestation_x5c = true;
        history.identity.attestation_certificate = link.certificate;
        history.credentials.push_back(acknowledged("ssh", link.add("ssh:", false, 1)));
        history.credentials.push_back(acknowledged("git", link.add("ssh:", false, 2)));
    }
    CheckResult run() { return run_one("no_self_reset", link, history); }
};

TEST_F(NoSelfReset, SameKey) {
    EXPECT_TRUE(run().passed);
    EXPECT_EQ(link.count("make_credential"), 1);
}

TEST_F(NoSelfReset, ChangedAaguid) {
    link.aaguid = {0xec, 0x99};
    EXPECT_EQ(run().reason, "AAGUID changed");
}

TEST_F(NoSelfReset, ChangedCertificate) {
    link.certificate = {0x30, 0x82, 0x02};
    EXPECT_EQ(run().reason, "attestation certificate changed");
}

TEST_F(NoSelfReset, CertificateGone) {
    link.has_x5c = false;
    EXPECT_EQ(run().reason, "attestation certificate gone");
}

TEST_F(NoSelfReset, DeviceSecretChanged) {
    for (auto& c : link.credentials)
        c.usable = false;  // new wrapping key: no old id unwraps
    EXPECT_EQ(run().reason, "device secret changed: no non-resident credential unwraps (ssh, git)");
}

TEST_F(NoSelfReset, OneLostCredentialIsNotASelfReset) {
    link.credentials[0].usable = false;
    EXPECT_TRUE(run().passed);  // credentials_survive reports it
}

TEST_F(NoSelfReset, NoCertificateQuestionWhenThereWasNone) {
    history.identity.attestation_x5c = false;
    EXPECT_TRUE(run().passed);
    EXPECT_EQ(link.count("make_credential"), 0);
}

TEST_F(NoSelfReset, AResetInTheOperationIsNotASelfReset) {
    history.reset = Fate::acknowledged;  // folded into the credentials, as the engine does
    for (auto& c : history.credentials)
        c.deleted = Fate::acknowledged;
    for (auto& c : link.credentials)
        c.usable = false;
    EXPECT_TRUE(run().passed);
    history.reset = Fate::in_flight;
    for (auto& c : history.credentials)
        c.deleted = Fate::in_flight;
    EXPECT_TRUE(run().passed);
}

}  // namespace
}  // namespace nk3::checks::testing
