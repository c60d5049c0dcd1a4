// U2F over MSG: VERSION, REGISTER, AUTHENTICATE in short and extended encodings, status words,
// and U2F credentials answering CTAP2 getAssertion.

#include <gtest/gtest.h>

#include "crypto/ec_p256.hpp"
#include "crypto/x509_attestation.hpp"
#include "test_client.hpp"

namespace nk3::fido::test {
namespace {

Bytes extended(std::uint8_t ins, std::uint8_t p1, const Bytes& data) {
    Bytes a{0x00,
            ins,
            p1,
            0x00,
            0x00,
            static_cast<std::uint8_t>(data.size() >> 8),
            static_cast<std::uint8_t>(data.size())};
    a.insert(a.end(), data.begin(), data.end());
    a.push_back(0);
    a.push_back(0);
    return a;
}

Bytes short_form(std::uint8_t ins, std::uint8_t p1, const Bytes& data) {
    Bytes a{0x00, ins, p1, 0x00, static_cast<std::uint8_t>(data.size())};
    a.insert(a.end(), data.begin(), data.end());
    a.push_back(0);
    return a;
}

std::uint16_t sw(const Bytes& r) {
    return static_cast<std::uint16_t>((r[r.size() - 2] << 8) | r.back());
}

TEST(U2f, Version) {
    Rig rig;
    const auto r = rig.u2f(Bytes{0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
    EXPECT_EQ(Bytes(r.begin(), r.end() - 2), (Bytes{'U', '2', 'F', '_', 'V', '2'}));
    EXPECT_EQ(sw(r), 0x9000);
    EXPECT_EQ(sw(rig.u2f(Bytes{0x00, 0x03, 0x00, 0x00})), 0x9000);
}

TEST(U2f, Errors) {
    Rig rig;
    EXPECT_EQ(sw(rig.u2f(Bytes{0x80, 0x03, 0x00, 0x00})), 0x6E00);
    EXPECT_EQ(sw(rig.u2f(Bytes{0x00, 0x09, 0x00, 0x00})), 0x6D00);
    EXPECT_EQ(sw(rig.u2f(Bytes{0x00, 0x03})), 0x6700);
    EXPECT_EQ(sw(rig.u2f(extended(0x01, 0, Bytes(63, 1)))), 0x6700);
    EXPECT_EQ(sw(rig.u2f(Bytes{0x00, 0x01, 0x00, 0x00, 0x05, 0x01})), 0x6700);
    EXPECT_EQ(sw(rig.u2f(extended(0x02, 0x03, Bytes(67, 1)))), 0x6700);  // L=1 but 2 bytes
    Bytes auth(65, 0);
    auth.push_back(9);  // L=... mismatched below
    EXPECT_EQ(sw(rig.u2f(extended(0x02, 0x03, auth))), 0x6700);
}

TEST(U2f, RegisterAuthenticateAndCtap2) {
    Rig rig;
    const Bytes challenge(32, 0xC1);
    const auto app = sha256_of("example.org");
    Bytes reg_data = challenge;
    reg_data.insert(reg_data.end(), app.begin(), app.end());
    EXPECT_EQ(sw(rig.u2f(extended(0x01, 0, reg_data), Presence::not_asked)), 0x6985);
    const auto reg = rig.u2f(short_form(0x01, 0, reg_data));
    ASSERT_EQ(sw(reg), 0x9000);
    ASSERT_EQ(reg[0], 0x05);
    const Bytes pub(reg.begin() + 1, reg.begin() + 66);
    const std::size_t kh_len = reg[66];
    const Bytes kh(reg.begin() + 67, reg.begin() + 67 + static_cast<long>(kh_len));
    // Certificate then signature: the DER length tells where the certificate ends.
    const std::size_t cert_at = 67 + kh_len;
    const std::size_t cert_len = 4 + ((reg[cert_at + 2] << 8) | reg[cert_at + 3]);
    const Bytes cert(reg.begin() + static_cast<long>(cert_at),
                     reg.begin() + static_cast<long>(cert_at + cert_len));
    const Bytes sig(reg.begin() + static_cast<long>(cert_at + cert_len), reg.end() - 2);
    EXPECT_TRUE(crypto::verify_chain(cert, project_test_ca().certificate_der));
    Bytes signed_reg{0x00};
    signed_reg.insert(signed_reg.end(), app.begin(), app.end());
    signed_reg.insert(signed_reg.end(), challenge.begin(), challenge.end());
    signed_reg.insert(signed_reg.end(), kh.begin(), kh.end());
    signed_reg.insert(signed_reg.end(), pub.begin(), pub.end());
    const auto att_key = crypto::P256PublicKey::from_uncompressed(
        crypto::parse_certificate(cert)->public_key_uncompressed);
    ASSERT_TRUE(att_key);
    EXPECT_TRUE(att_key->verify_es256(signed_reg, sig));

    Bytes auth = challenge;
    auth.insert(auth.end(), app.begin(), app.end());
    auth.push_back(static_cast<std::uint8_t>(kh.size()));
    auth.insert(auth.end(), kh.begin(), kh.end());
    EXPECT_EQ(sw(rig.u2f(extended(0x02, 0x07, auth))), 0x6985);  // check-only: known
    EXPECT_EQ(sw(rig.u2f(extended(0x02, 0x03, auth), Presence::not_asked)), 0x6985);
    const auto credential_key = crypto::P256PublicKey::from_uncompressed(pub);
    std::uint32_t last = 0;
    for (std::uint8_t mode : {0x03, 0x08}) {
        const auto a = rig.u2f(extended(0x02, mode, auth));
        ASSERT_EQ(sw(a), 0x9000);
        EXPECT_EQ(a[0], mode == 0x03 ? 1 : 0);
        const std::uint32_t counter =
            (std::uint32_t{a[1]} << 24) | (a[2] << 16) | (a[3] << 8) | a[4];
        EXPECT_GT(counter, last);
        last = counter;
        Bytes signed_auth = app;
        signed_auth.insert(signed_auth.end(), a.begin(), a.begin() + 5);
        signed_auth.insert(signed_auth.end(), challenge.begin(), challenge.end());
        EXPECT_TRUE(credential_key->verify_es256(signed_auth, Bytes(a.begin() + 5, a.end() - 2)));
    }
    // Unknown handle / other application.
    auto other = auth;
    other[40] ^= 1;
    EXPECT_EQ(sw(rig.u2f(extended(0x02, 0x07, other))), 0x6A80);
    // The key handle is a CTAP2 credential id for rpId example.org.
    const auto ga = rig.get_assertion("example.org", {kh}, false);
    ASSERT_EQ(ga.status, 0);
    EXPECT_GT(parse_auth_data(ga.body.find(cbor::Value(2))->as_bytes()).counter, last);
}

// Without the attestation key U2F register fails with KEY_REFERENCE_NOT_FOUND, after its
// state writes (fido-authenticator 0.1.1 `src/ctap1.rs`); with the key but no certificate the
// firmware panics.
TEST(U2f, RegisterWithoutAttestationFails) {
    Rig rig;
    rig.fs().remove("fido/sec/00");
    EXPECT_EQ(sw(rig.u2f(extended(0x01, 0, Bytes(64, 1)))), 0x6A88);
    EXPECT_TRUE(rig.fs().exists("fido/dat/persistent-state.cbor"));
    Rig no_cert;
    no_cert.fs().remove("fido/x5c/00");
    EXPECT_THROW(no_cert.u2f(extended(0x01, 0, Bytes(64, 1))), Panic);
}

}  // namespace
}  // namespace nk3::fido::test
