// authenticatorCredentialManagement through libfido2's fido_credman_*: metadata (existing and
// remaining resident credentials), enumeration of RPs and of an RP's credentials, deletion, and
// updating a credential's user.
#include <fido.h>
#include <fido/credman.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "profile_params.hpp"
#include "rig/link/fido_handles.hpp"
#include "virtual_key.hpp"

namespace nk3::rig::conformance {
namespace {

constexpr char kPin[] = "123456";

class CtapCredManagementTest : public ::testing::TestWithParam<const char*> {
  protected:
    void SetUp() override {
        key_.emplace(GetParam());
        ASSERT_EQ(fido_dev_set_pin(key().dev(), kPin, nullptr), FIDO_OK);
        key().reopen();
    }
    VirtualKey& key() { return *key_; }

    Credential resident(const std::string& rp, std::uint8_t user, const std::string& name) {
        CredentialRequest r;
        r.resident = true;
        r.rp_id = rp;
        r.user_id = {user, 0x5a};
        r.user_name = name;
        r.display_name = name;
        return key().make_credential(r, kPin);
    }

    CredmanMetadataPtr metadata() {
        CredmanMetadataPtr md = make_credman_metadata();
        key().link().check(fido_credman_get_dev_metadata(key().dev(), md.get(), kPin),
                           "fido_credman_get_dev_metadata");
        return md;
    }

    CredmanRkPtr rks(const std::string& rp) {
        CredmanRkPtr rk = make_credman_rk();
        key().link().check(fido_credman_get_dev_rk(key().dev(), rp.c_str(), rk.get(), kPin),
                           "fido_credman_get_dev_rk");
        return rk;
    }

    std::optional<VirtualKey> key_;
};

TEST_P(CtapCredManagementTest, MetadataCountsResidentCredentials) {
    // No limit (0.1.1): the metadata reports 100 - existing, 0.1.1's "guesstimate".
    const auto limit = key().profile().fido.max_resident_credentials;
    const std::uint32_t max = limit ? limit : 100;
    CredmanMetadataPtr md = metadata();
    EXPECT_EQ(fido_credman_rk_existing(md.get()), 0u);
    EXPECT_EQ(fido_credman_rk_remaining(md.get()), max);

    resident("example.org", 1, "alice");
    resident("example.com", 2, "bob");
    key().make_credential({}, kPin);  // non-resident: not counted
    md = metadata();
    EXPECT_EQ(fido_credman_rk_existing(md.get()), 2u);
    EXPECT_EQ(fido_credman_rk_remaining(md.get()), max - 2);
}

TEST_P(CtapCredManagementTest, EnumeratesRelyingParties) {
    resident("example.org", 1, "alice");
    resident("example.org", 2, "bob");
    resident("example.com", 3, "carol");
    CredmanRpPtr rp = make_credman_rp();
    ASSERT_EQ(fido_credman_get_dev_rp(key().dev(), rp.get(), kPin), FIDO_OK);
    ASSERT_EQ(fido_credman_rp_count(rp.get()), 2u);
    std::set<std::string> ids;
    for (std::size_t i = 0; i < fido_credman_rp_count(rp.get()); ++i) {
        ids.insert(fido_credman_rp_id(rp.get(), i));
        EXPECT_EQ(fido_credman_rp_id_hash_len(rp.get(), i), 32u);
    }
    EXPECT_EQ(ids, (std::set<std::string>{"example.org", "example.com"}));
}

TEST_P(CtapCredManagementTest, EnumeratesTheCredentialsOfAnRp) {
    const Credential alice = resident("example.org", 1, "alice");
    const Credential bob = resident("example.org", 2, "bob");
    resident("example.com", 3, "carol");
    CredmanRkPtr rk = rks("example.org");
    ASSERT_EQ(fido_credman_rk_count(rk.get()), 2u);
    std::set<std::string> names;
    std::set<Bytes> ids;
    for (std::size_t i = 0; i < fido_credman_rk_count(rk.get()); ++i) {
        const fido_cred_t* c = fido_credman_rk(rk.get(), i);
        ASSERT_NE(c, nullptr);
        names.insert(fido_cred_user_name(c));
        ids.insert(cred_id(c));
    }
    EXPECT_EQ(names, (std::set<std::string>{"alice", "bob"}));
    EXPECT_EQ(ids, (std::set<Bytes>{alice.id, bob.id}));
}

TEST_P(CtapCredManagementTest, DeletedCredentialIsGone) {
    const Credential alice = resident("example.org", 1, "alice");
    const Credential bob = resident("example.org", 2, "bob");
    ASSERT_EQ(fido_credman_del_dev_rk(key().dev(), alice.id.data(), alice.id.size(), kPin),
              FIDO_OK);

    CredmanRkPtr rk = rks("example.org");
    ASSERT_EQ(fido_credman_rk_count(rk.get()), 1u);
    EXPECT_EQ(cred_id(fido_credman_rk(rk.get(), 0)), bob.id);
    AssertionRequest by_id;
    by_id.allow = {alice.id};
    EXPECT_EQ(key().try_get_assertion(by_id), FIDO_ERR_NO_CREDENTIALS);
    EXPECT_EQ(fido_credman_rk_existing(metadata().get()), 1u);
    // Deleting it again: nothing to delete.
    EXPECT_EQ(fido_credman_del_dev_rk(key().dev(), alice.id.data(), alice.id.size(), kPin),
              FIDO_ERR_NO_CREDENTIALS);
}

TEST_P(CtapCredManagementTest, DeletionSurvivesPowerCycle) {
    const Credential alice = resident("example.org", 1, "alice");
    resident("example.org", 2, "bob");
    ASSERT_EQ(fido_credman_del_dev_rk(key().dev(), alice.id.data(), alice.id.size(), kPin),
              FIDO_OK);
    key().power_cycle();
    EXPECT_EQ(fido_credman_rk_count(rks("example.org").get()), 1u);
}

TEST_P(CtapCredManagementTest, UpdatesTheUserOfACredential) {
    const Credential alice = resident("example.org", 1, "alice");
    CredPtr update = make_cred();
    ASSERT_EQ(fido_cred_set_id(update.get(), alice.id.data(), alice.id.size()), FIDO_OK);
    ASSERT_EQ(fido_cred_set_user(update.get(), alice.user_id.data(), alice.user_id.size(),
                                 "alice@new", "Alice New", nullptr),
              FIDO_OK);
    if (key().profile().fido.ctap_level == fido::CtapLevel::v2_1_pre) {
        // fido-authenticator 0.1.1 has no updateUserInformation: refused.
        EXPECT_NE(fido_credman_set_dev_rk(key().dev(), update.get(), kPin), FIDO_OK);
        CredmanRkPtr rk = rks("example.org");
        ASSERT_EQ(fido_credman_rk_count(rk.get()), 1u);
        EXPECT_STREQ(fido_cred_user_name(fido_credman_rk(rk.get(), 0)), "alice");
        return;
    }
    ASSERT_EQ(fido_credman_set_dev_rk(key().dev(), update.get(), kPin), FIDO_OK);

    CredmanRkPtr rk = rks("example.org");
    ASSERT_EQ(fido_credman_rk_count(rk.get()), 1u);
    const fido_cred_t* c = fido_credman_rk(rk.get(), 0);
    EXPECT_STREQ(fido_cred_user_name(c), "alice@new");
    EXPECT_STREQ(fido_cred_display_name(c), "Alice New");
    EXPECT_EQ(cred_id(c), alice.id);
}

TEST_P(CtapCredManagementTest, WrongPinIsRefused) {
    resident("example.org", 1, "alice");
    CredmanMetadataPtr md = make_credman_metadata();
    EXPECT_EQ(fido_credman_get_dev_metadata(key().dev(), md.get(), "999999"), FIDO_ERR_PIN_INVALID);
}

INSTANTIATE_TEST_SUITE_P(Profiles, CtapCredManagementTest, ::testing::ValuesIn(kProfiles),
                         ProfileName{});

}  // namespace
}  // namespace nk3::rig::conformance
