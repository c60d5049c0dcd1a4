// FidoLink against the simulated NK3: connecting, makeCredential (ES256/EdDSA, resident,
// credProtect, excludeList) with its attestation, getAssertion (allow list, discoverable,
// up=false, signature checks), reset, admin status, and the error paths of each.

#include <fido.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "sim_key_fixture.hpp"

namespace nk3::rig::testing {
namespace {

TEST(FidoLink, ConnectReadsGetInfo) {
    SimKey k;
    const auto info = k.link.connect();
    ASSERT_TRUE(info.ok()) << info.status.text;
    const auto& aaguid = k.key->profile().fido.aaguid;
    EXPECT_EQ(info.value->aaguid, Bytes(aaguid.begin(), aaguid.end()));
    EXPECT_NE(std::find(info.value->versions.begin(), info.value->versions.end(), "FIDO_2_0"),
              info.value->versions.end());
    EXPECT_FALSE(info.value->pin_set);
    // fido-authenticator 0.1.1 (CTAP 2.1-PRE) sends no firmwareVersion in getInfo.
    const bool pre = k.key->profile().fido.ctap_level == fido::CtapLevel::v2_1_pre;
    EXPECT_EQ(info.value->firmware_version, pre ? 0u : k.key->profile().firmware_version);
    EXPECT_NE(k.link.describe().find("simulator"), std::string::npos);
}

TEST(FidoLink, AnUnpoweredKeyDoesNotConnect) {
    SimKey k;
    k.key->power_off();
    const auto info = k.link.connect();
    EXPECT_FALSE(info.ok());
    EXPECT_EQ(info.status.code, FIDO_ERR_RX);
    EXPECT_FALSE(k.link.connected());
    // Operations on a link that is not connected say so instead of crashing.
    const auto a = k.link.get_assertion("example.org", {}, {}, true, {});
    EXPECT_EQ(a.status.code, FIDO_ERR_RX);
    EXPECT_NE(a.status.text.find("not connected"), std::string::npos);
    k.key->power_on();
    EXPECT_TRUE(k.link.connect().ok());
}

TEST(FidoLink, MakeCredentialEs256WithAttestation) {
    SimKey k;
    const auto made = k.link.make_credential(request("example.org", "alice"), {});
    ASSERT_TRUE(made.ok()) << made.status.text;
    const MadeCredential& m = *made.value;
    EXPECT_EQ(m.credential.rp, "example.org");
    EXPECT_FALSE(m.credential.id.empty());
    EXPECT_EQ(m.credential.public_key.size(), 64u);
    EXPECT_EQ(m.credential.alg, Alg::es256);
    EXPECT_FALSE(m.credential.resident);
    EXPECT_EQ(m.attestation.format, "packed");
    EXPECT_TRUE(m.attestation.has_x5c);
    EXPECT_FALSE(m.attestation.certificate.empty());
    EXPECT_TRUE(m.attestation.signature_valid);
    const auto& aaguid = k.key->profile().fido.aaguid;
    EXPECT_EQ(m.attestation.aaguid, Bytes(aaguid.begin(), aaguid.end()));
}

TEST(FidoLink, MakeCredentialEddsaResident) {
    SimKey k;
    const auto made = k.link.make_credential(request("ssh:", "bob", Alg::eddsa, true), {});
    ASSERT_TRUE(made.ok()) << made.status.text;
    EXPECT_EQ(made.value->credential.public_key.size(), 32u);
    EXPECT_EQ(made.value->credential.alg, Alg::eddsa);
    EXPECT_TRUE(made.value->credential.resident);
    EXPECT_TRUE(made.value->attestation.signature_valid);
}

TEST(FidoLink, CredProtectAndItsBadValue) {
    SimKey k;
    CredentialRequest r = request("example.org", "carol");
    r.cred_protect = 2;
    EXPECT_TRUE(k.link.make_credential(r, {}).ok());
    r.cred_protect = 7;
    const auto bad = k.link.make_credential(r, {});
    EXPECT_FALSE(bad.ok());
    EXPECT_EQ(bad.status.code, FIDO_ERR_INVALID_ARGUMENT);
}

TEST(FidoLink, ExcludeListRefusesAKnownCredential) {
    SimKey k;
    const Credential c = k.make(request("example.org", "dave"));
    CredentialRequest r = request("example.org", "dave");
    r.exclude = {c.id};
    const auto again = k.link.make_credential(r, {});
    EXPECT_EQ(again.status.code, FIDO_ERR_CREDENTIAL_EXCLUDED);
    EXPECT_FALSE(again.value.has_value());
}

TEST(FidoLink, GetAssertionWithAllowListVerifies) {
    SimKey k;
    const auto made = k.link.make_credential(request("example.org", "erin"), {});
    ASSERT_TRUE(made.ok());
    const Credential& c = made.value->credential;
    const auto a = k.link.get_assertion("example.org", {c}, {}, true, {});
    ASSERT_TRUE(a.ok()) << a.status.text;
    EXPECT_EQ(a.value->credential_id, c.id);
    EXPECT_TRUE(a.value->user_present);
    EXPECT_TRUE(a.value->signature_valid);
    EXPECT_GT(a.value->counter, made.value->counter);
    const auto b = k.link.get_assertion("example.org", {c}, {}, true, {});
    ASSERT_TRUE(b.ok());
    EXPECT_GT(b.value->counter, a.value->counter);
}

TEST(FidoLink, UpFalseGivesNoUserPresence) {
    SimKey k;
    const Credential c = k.make(request("ssh:", "frank", Alg::eddsa));
    const auto a = k.link.get_assertion("ssh:", {c}, {}, false, {});
    ASSERT_TRUE(a.ok()) << a.status.text;
    EXPECT_FALSE(a.value->user_present);
    EXPECT_TRUE(a.value->signature_valid);
}

TEST(FidoLink, SignatureIsOnlyValidWithTheMatchingKey) {
    SimKey k;
    const Credential c = k.make(request("example.org", "gina"));
    Credential wrong = k.make(request("example.org", "hank"));
    wrong.id = c.id;  // right id, someone else's public key
    const auto a = k.link.get_assertion("example.org", {wrong}, {}, false, {});
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(a.value->signature_valid);
}

TEST(FidoLink, DiscoverableWithSeveralCredentials) {
    SimKey k;
    std::vector<Credential> known;
    for (const char* user : {"ivan", "judy", "kim"})
        known.push_back(k.make(request("example.org", user, Alg::es256, true)));
    k.make(request("other.org", "leo", Alg::es256, true));
    const auto a = k.link.get_assertion("example.org", {}, known, false, {});
    ASSERT_TRUE(a.ok()) << a.status.text;
    const auto it = std::find_if(known.begin(), known.end(), [&](const Credential& c) {
        return c.id == a.value->credential_id;
    });
    ASSERT_NE(it, known.end());
    EXPECT_EQ(a.value->user_id, it->user_id);
    EXPECT_TRUE(a.value->signature_valid);
    // Without the public keys the assertion still comes back, unverified.
    const auto unknown = k.link.get_assertion("example.org", {}, {}, false, {});
    ASSERT_TRUE(unknown.ok());
    EXPECT_FALSE(unknown.value->signature_valid);
}

TEST(FidoLink, UnknownCredentialAndRpAnswerNoCredentials) {
    SimKey k;
    Credential c = k.make(request("example.org", "mia"));
    EXPECT_EQ(k.link.get_assertion("other.org", {c}, {}, false, {}).status.code,
              FIDO_ERR_NO_CREDENTIALS);
    EXPECT_EQ(k.link.get_assertion("nobody.org", {}, {}, false, {}).status.code,
              FIDO_ERR_NO_CREDENTIALS);
    c.id.back() ^= 0x01;
    EXPECT_EQ(k.link.get_assertion("example.org", {c}, {}, false, {}).status.code,
              FIDO_ERR_NO_CREDENTIALS);
}

TEST(FidoLink, ResetForgetsCredentials) {
    SimKey k;
    const Credential c = k.make(request("example.org", "ned"));
    const auto r = k.link.reset();
    ASSERT_TRUE(r.ok()) << r.status.text;
    EXPECT_TRUE(k.link.connected());
    EXPECT_EQ(k.link.get_assertion("example.org", {c}, {}, false, {}).status.code,
              FIDO_ERR_NO_CREDENTIALS);
    // A new credential is attested again (the attestation survives reset).
    const auto made = k.link.make_credential(request("example.org", "ned"), {});
    ASSERT_TRUE(made.ok());
    EXPECT_TRUE(made.value->attestation.has_x5c);
}

TEST(FidoLink, ResetLateAfterPowerUpIsRefused) {
    SimKey k;
    k.key->advance(std::chrono::seconds(11));
    const auto r = k.link.reset();
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.status.code, FIDO_ERR_NOT_ALLOWED);
}

TEST(FidoLink, AdminStatusEqualsTheKeys) {
    for (const char* profile : {"nk3am-1.2.2", "nk3am-1.3.1", "nk3xn-1.3.1"}) {
        SCOPED_TRACE(profile);
        SimKey k(profile);
        k.make(request("example.org", "olga", Alg::es256, true));
        const auto s = k.link.admin_status();
        ASSERT_TRUE(s.ok()) << s.status.text;
        const device::AdminStatus want = k.key->status();
        EXPECT_EQ(s.value->init_flags, want.init_flags);
        EXPECT_EQ(s.value->free_internal_blocks, want.free_internal_blocks);
        EXPECT_EQ(s.value->free_external_blocks, want.free_external_blocks);
        EXPECT_EQ(s.value->variant, want.variant);
        EXPECT_EQ(s.value->length, want.has_variant ? 5u : 4u);
        // The exchange used its own channel: libfido2's still works.
        EXPECT_TRUE(k.link.get_assertion("example.org", {}, {}, false, {}).ok());
    }
}

TEST(FidoLink, AdminStatusOnAnUnpoweredKeyIsRx) {
    SimKey k;
    k.key->power_off();
    EXPECT_EQ(k.link.admin_status().status.code, FIDO_ERR_RX);
}

TEST(FidoLink, NonResidentCredentialsHaveNothingToDelete) {
    SimKey k;
    const Credential c = k.make(request("ssh:", "pat", Alg::eddsa));
    const auto d = k.link.delete_known_credential(c, std::string(kPin));
    EXPECT_EQ(d.status.code, FIDO_ERR_UNSUPPORTED_OPTION);
    EXPECT_TRUE(k.link.get_assertion("ssh:", {c}, {}, false, {}).ok());
}

TEST(FidoLink, AHidrawLinkToNoDeviceDoesNotConnect) {
    auto link = make_hidraw_fido_link("/nonexistent/hidraw99", 100);
    const auto info = link->connect();
    EXPECT_FALSE(info.ok());
    EXPECT_NE(info.status.text.find("cannot open /nonexistent/hidraw99: No such file"),
              std::string::npos)
        << info.status.text;
    const auto s = link->admin_status();
    EXPECT_EQ(s.status.code, FIDO_ERR_RX);  // raw access exists; the key is not connected
    EXPECT_NE(link->describe().find("/nonexistent/hidraw99"), std::string::npos);
}

}  // namespace
}  // namespace nk3::rig::testing
