// getInfo, unknown commands and the boot outcomes (provisioned, corrupt or missing state).

#include <gtest/gtest.h>

#include "crypto/x509_attestation.hpp"
#include "test_client.hpp"

namespace nk3::fido::test {
namespace {

TEST(GetInfo, AdvertisesWhatIsImplemented) {
    AuthenticatorConfig cfg = ctap21_config();
    cfg.aaguid = {0x2c, 0xd2, 0xf7, 0x27, 0xf6, 0xca, 0x44, 0xda,
                  0x8f, 0x48, 0x5c, 0x2e, 0x5d, 0xa0, 0x00, 0xa2};
    cfg.firmware_version = 0x01030100;
    Rig rig(cfg);
    // No state file until the first state write (fido-authenticator creates it lazily).
    EXPECT_TRUE(rig.last_boot.state_missing);
    EXPECT_FALSE(rig.fs().exists("fido/dat/persistent-state.cbor"));
    EXPECT_TRUE(rig.last_boot.attestation_present);
    const auto r = rig.ctap(0x04, std::nullopt);
    ASSERT_EQ(r.status, 0);
    const auto& b = r.body;
    EXPECT_EQ(*b.find(cbor::Value(1)), cbor::array({"U2F_V2", "FIDO_2_0", "FIDO_2_1"}));
    EXPECT_EQ(*b.find(cbor::Value(2)), cbor::array({"credProtect", "hmac-secret"}));
    EXPECT_EQ(b.find(cbor::Value(3))->as_bytes(), Bytes(cfg.aaguid.begin(), cfg.aaguid.end()));
    const auto& opts = *b.find(cbor::Value(4));
    EXPECT_TRUE(opts.find(cbor::Value("rk"))->as_bool());
    EXPECT_TRUE(opts.find(cbor::Value("up"))->as_bool());
    EXPECT_FALSE(opts.find(cbor::Value("plat"))->as_bool());
    EXPECT_FALSE(opts.find(cbor::Value("clientPin"))->as_bool());
    EXPECT_TRUE(opts.find(cbor::Value("credMgmt"))->as_bool());
    EXPECT_TRUE(opts.find(cbor::Value("pinUvAuthToken"))->as_bool());
    EXPECT_TRUE(opts.find(cbor::Value("makeCredUvNotRqd"))->as_bool());
    EXPECT_EQ(b.find(cbor::Value(5))->as_uint(), 3072u);
    EXPECT_EQ(*b.find(cbor::Value(6)), cbor::array({2, 1}));
    EXPECT_EQ(*b.find(cbor::Value(9)), cbor::array({"usb"}));
    EXPECT_EQ(b.find(cbor::Value(0x0E))->as_uint(), 0x01030100u);
    EXPECT_EQ(b.find(cbor::Value(0x14))->as_uint(), 10u);
    ASSERT_EQ(rig.set_pin("123456"), 0);
    const auto after = rig.ctap(0x04, std::nullopt);
    EXPECT_TRUE(after.body.find(cbor::Value(4))->find(cbor::Value("clientPin"))->as_bool());
}

TEST(GetInfo, UnknownAndMalformedCommands) {
    Rig rig;
    EXPECT_EQ(rig.ctap(0x55, std::nullopt).status, 0x01);
    EXPECT_EQ(rig.ctap(0x03, std::nullopt).status, 0x01);
    EXPECT_EQ(rig.raw_ctap(Bytes{}).status, 0x03);
    EXPECT_EQ(rig.raw_ctap(Bytes{0x04, 0xa0}).status, 0x03);  // getInfo takes nothing
    EXPECT_EQ(rig.raw_ctap(Bytes{0x01}).status, 0x14);
    EXPECT_EQ(rig.raw_ctap(Bytes{0x01, 0xa1}).status, 0x12);        // truncated
    EXPECT_EQ(rig.raw_ctap(Bytes{0x01, 0x80}).status, 0x11);        // not a map
    EXPECT_EQ(rig.raw_ctap(Bytes{0x01, 0xa0, 0x00}).status, 0x12);  // trailing byte
    EXPECT_EQ(rig.raw_ctap(Bytes{0x01, 0xa0}).status, 0x14);        // empty map
    Bytes big(4000, 0);
    big[0] = 0x01;
    EXPECT_EQ(rig.raw_ctap(big).status, 0x39);
}

TEST(Boot, ProjectCaIsStableAndIssuesTheAttestation) {
    const auto& ca = project_test_ca();
    EXPECT_EQ(&ca, &project_test_ca());
    const auto info = crypto::parse_certificate(ca.certificate_der);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->basic_constraints_ca, std::optional<bool>(true));
}

TEST(Boot, CorruptStateStartsFromDefaults) {
    Rig rig;
    const auto mc = rig.make_credential("ssh:", Bytes{1});
    ASSERT_EQ(mc.status, 0);
    const auto id = parse_auth_data(mc.body.find(cbor::Value(2))->as_bytes()).credential_id;
    ASSERT_EQ(rig.get_assertion("ssh:", {id}, false).status, 0);
    const Bytes garbage{0xde, 0xad};
    rig.fs().write_file("fido/dat/persistent-state.cbor", garbage);
    rig.reboot();
    EXPECT_TRUE(rig.last_boot.state_was_corrupt);
    EXPECT_FALSE(rig.last_boot.state_loaded);
    EXPECT_FALSE(rig.last_boot.halted);
    EXPECT_FALSE(rig.auth->halted());
    // The old device keys are forgotten: the non-resident credential no longer unwraps.
    EXPECT_EQ(rig.get_assertion("ssh:", {id}, false).status, 0x2E);
    // A new credential works (new device keys created on first use).
    const auto again = rig.make_credential("ssh:", Bytes{1});
    ASSERT_EQ(again.status, 0);
    EXPECT_EQ(
        rig.get_assertion(
               "ssh:", {parse_auth_data(again.body.find(cbor::Value(2))->as_bytes()).credential_id},
               false)
            .status,
        0);
}

// The halt what-if stops on a state file that does not parse. A missing file is a key's normal
// state before its first state write, so it gives defaults under this policy too.
TEST(Boot, CorruptStateHaltsWhenConfiguredMissingDoesNot) {
    AuthenticatorConfig cfg = ctap21_config();
    cfg.on_state_file_corrupt = StateFileCorrupt::halt;
    Rig rig(cfg);
    EXPECT_FALSE(rig.last_boot.halted);
    ASSERT_EQ(rig.set_pin("1234"), 0);  // creates the state file
    rig.fs().write_file("fido/dat/persistent-state.cbor", Bytes{0xa1, 0x00});
    rig.reboot();
    EXPECT_TRUE(rig.last_boot.halted);
    EXPECT_TRUE(rig.last_boot.state_was_corrupt);
    EXPECT_TRUE(rig.auth->halted());
    rig.fs().remove("fido/dat/persistent-state.cbor");
    rig.reboot();
    EXPECT_FALSE(rig.last_boot.halted);
    EXPECT_TRUE(rig.last_boot.state_missing);
}

TEST(Boot, MissingAttestationIsReported) {
    Rig rig;
    rig.fs().remove("fido/x5c/00");
    rig.reboot();
    EXPECT_FALSE(rig.last_boot.attestation_present);
    EXPECT_TRUE(rig.last_boot.state_missing);
}

}  // namespace
}  // namespace nk3::fido::test
