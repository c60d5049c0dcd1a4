// credentials_survive: lost, resurrected, half and in-flight credentials, each by name.

#include <fido/err.h>
#include <gtest/gtest.h>

#include "harness/checks/tests/fake_link.hpp"

namespace nk3::checks::testing {
namespace {

struct CredentialsSurvive : ::testing::Test {
    FakeLink link;
    History history;
    rig::Credential ssh;
    rig::Credential web;

    void SetUp() override {
        link.pin = "123456";
        history.pin.pin = "123456";
        ssh = link.add("ssh:", false, 1);
        web = link.add("example.org", true, 2);
        history.credentials.push_back(acknowledged("ssh", ssh));
        history.credentials.push_back(acknowledged("web", web));
    }
    CheckResult run() { return run_one("credentials_survive", link, history); }
};

TEST_F(CredentialsSurvive, EveryAcknowledgedCredentialWorks) {
    const auto result = run();
    EXPECT_TRUE(result.passed) << result.reason;
    EXPECT_EQ(link.count("get_assertion"), 2);
    EXPECT_EQ(link.count("resident_credentials"), 1);
}

TEST_F(CredentialsSurvive, LostNonResident) {
    link.find(ssh.id)->usable = false;
    const auto result = run();
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.reason, "lost: ssh");
}

TEST_F(CredentialsSurvive, LostResident) {
    std::erase_if(link.credentials, [&](const auto& c) { return c.credential.id == web.id; });
    const auto result = run();
    EXPECT_FALSE(result.passed);
    EXPECT_EQ(result.reason, "lost: web");
}

TEST_F(CredentialsSurvive, HalfListedYetUnusable) {
    link.find(web.id)->usable = false;
    EXPECT_EQ(run().reason, "half: web (listed yet unusable)");
}

TEST_F(CredentialsSurvive, HalfUsableYetNotListed) {
    link.find(web.id)->listed = false;
    EXPECT_EQ(run().reason, "half: web (usable yet not listed)");
}

TEST_F(CredentialsSurvive, ResurrectedAfterAcknowledgedDeletion) {
    history.find("web")->deleted = Fate::acknowledged;
    EXPECT_EQ(run().reason, "resurrected: web");
    std::erase_if(link.credentials, [&](const auto& c) { return c.credential.id == web.id; });
    EXPECT_TRUE(run().passed);
}

TEST_F(CredentialsSurvive, DeletionInFlightMayGoEitherWayButWhole) {
    history.find("web")->deleted = Fate::in_flight;
    EXPECT_TRUE(run().passed);
    link.find(web.id)->usable = false;
    EXPECT_EQ(run().reason, "half: web (listed yet unusable)");
    std::erase_if(link.credentials, [&](const auto& c) { return c.credential.id == web.id; });
    EXPECT_TRUE(run().passed);
}

TEST_F(CredentialsSurvive, CreationInFlightMayBeAbsentOrWhole) {
    CredentialHistory bob;
    bob.name = "bob";
    bob.rp = "example.org";
    bob.resident = true;
    bob.created = Fate::in_flight;
    history.credentials.push_back(bob);
    EXPECT_TRUE(run().passed);  // absent

    link.add("example.org", true, 3);  // present and usable, only the listing knows its id
    EXPECT_TRUE(run().passed);

    link.credentials.back().usable = false;  // listed yet unusable
    EXPECT_EQ(run().reason, "half: bob (in flight: listed yet unusable)");
}

TEST_F(CredentialsSurvive, AReplacementInFlightLeavesTheOldOrTheNewNeverNeither) {
    // web2 (same rp and user as web) was in flight; the key deletes web first.
    history.find("web")->deleted = Fate::in_flight;
    history.find("web")->replaced_by = "web2";
    CredentialHistory web2;
    web2.name = "web2";
    web2.rp = "example.org";
    web2.resident = true;
    web2.created = Fate::in_flight;
    history.credentials.push_back(web2);
    EXPECT_TRUE(run().passed);  // the old one is still there

    std::erase_if(link.credentials, [&](const auto& c) { return c.credential.id == web.id; });
    link.add("example.org", true, 7);  // the new one made it
    EXPECT_TRUE(run().passed);

    link.credentials.pop_back();  // neither
    EXPECT_EQ(run().reason, "lost: web (replaced by web2 in flight: neither is there)");
}

TEST_F(CredentialsSurvive, UnexpectedCredentialOnTheScenariosRp) {
    link.add("example.org", true, 9);
    EXPECT_EQ(run().reason, "unexpected: a credential listed for rp example.org");
}

TEST_F(CredentialsSurvive, OddAnswerIsAnErrorNotAPass) {
    link.answers = false;
    CheckContext context{link, nullptr, history, true};
    const auto result = make_check("credentials_survive")->run(context);
    EXPECT_FALSE(result.passed);
    EXPECT_NE(result.reason.find("error: ssh (getAssertion: FIDO_ERR_RX)"), std::string::npos)
        << result.reason;
}

TEST_F(CredentialsSurvive, WithoutAPinResidentOnesAreJudgedByUseAlone) {
    link.pin.reset();
    history.pin.pin.reset();
    link.find(web.id)->listed = false;  // nobody can list without a PIN
    EXPECT_TRUE(run().passed);
    EXPECT_EQ(link.count("resident_credentials"), 0);
}

TEST_F(CredentialsSurvive, TheListingFindsThePinWithoutATokenOfItsOwn) {
    link.retries = 6;
    CheckContext context{link, nullptr, history, true};
    EXPECT_TRUE(make_check("credentials_survive")->run(context).passed);
    EXPECT_EQ(link.count("pin_token"), 0);
    EXPECT_EQ(link.count("resident_credentials"), 1);
    EXPECT_EQ(link.retries, 8);  // the right PIN, as pin_token would have tried it
    ASSERT_TRUE(context.survey.pin.has_value());
    EXPECT_EQ(context.survey.pin->works, PinProbe::Works::acknowledged);
    EXPECT_TRUE(context.survey.pin->tried);
}

TEST_F(CredentialsSurvive, TheListingTriesThePinInFlightAfterTheAcknowledgedOne) {
    history.pin.pin_in_flight = "654321";
    link.pin = "654321";
    link.find(web.id)->listed = false;
    CheckContext context{link, nullptr, history, true};
    EXPECT_EQ(make_check("credentials_survive")->run(context).reason,
              "half: web (usable yet not listed)");
    EXPECT_EQ(link.count("resident_credentials"), 2);
    EXPECT_EQ(link.count("pin_token"), 0);
    EXPECT_EQ(context.survey.pin->works, PinProbe::Works::in_flight);
}

TEST_F(CredentialsSurvive, NoPinOfTheHistoryWorksResidentOnesAreJudgedByUseAlone) {
    link.pin = "999999";
    link.find(web.id)->listed = false;  // nobody can list without the PIN
    CheckContext context{link, nullptr, history, true};
    EXPECT_TRUE(make_check("credentials_survive")->run(context).passed);
    EXPECT_EQ(link.count("resident_credentials"), 1);
    EXPECT_EQ(link.count("pin_token"), 0);
    EXPECT_EQ(link.retries, 7);  // one wrong PIN, as pin_token would have spent
    EXPECT_EQ(context.survey.pin->works, PinProbe::Works::none);
    EXPECT_EQ(context.survey.pin->last.code, FIDO_ERR_PIN_INVALID);
}

TEST_F(CredentialsSurvive, AListingThatFailsAfterThePinStandsAndThePinIsAskedThePlainWay) {
    link.listing_breaks = true;
    link.find(web.id)->listed = false;  // unseen: the listing fails, so judged by use alone
    CheckContext context{link, nullptr, history, true};
    EXPECT_TRUE(make_check("credentials_survive")->run(context).passed);
    EXPECT_EQ(link.count("resident_credentials"), 1);
    EXPECT_EQ(link.count("pin_token"), 1);
    EXPECT_EQ(context.survey.pin->works, PinProbe::Works::acknowledged);
    ASSERT_TRUE(context.survey.residents.has_value());
    EXPECT_EQ(context.survey.residents->status.code, FIDO_ERR_INVALID_CBOR);
}

TEST_F(CredentialsSurvive, ReportsEveryClassInOneLine) {
    link.find(ssh.id)->usable = false;
    link.find(web.id)->listed = false;
    EXPECT_EQ(run().reason, "lost: ssh; half: web (usable yet not listed)");
}

}  // namespace
}  // namespace nk3::checks::testing
