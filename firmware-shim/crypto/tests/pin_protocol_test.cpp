#include "crypto/pin_protocol.hpp"

#include <gtest/gtest.h>

#include "crypto/hmac.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/sha.hpp"
#include "crypto/tests/test_util.hpp"

namespace nk3::crypto {
namespace {

using test::hex;
using test::str;
using test::to_hex;

// Expected bytes below were computed from the CTAP 2.1 definitions (6.5.6 / 6.5.7) with Python's
// hashlib/hmac and `cryptography` (HKDF, AES-CBC), independently of this code, and agree with
// python-fido2 0.9.1's PinProtocolV1/PinProtocolV2.
Bytes z_fixture() {
    Bytes z(32);
    for (std::size_t i = 0; i < z.size(); ++i)
        z[i] = static_cast<std::uint8_t>(0x80 + i);
    return z;
}

Bytes pin_block() {  // "1234" padded with zeros to 64 bytes, as newPinEnc carries it
    Bytes p{'1', '2', '3', '4'};
    p.resize(64, 0);
    return p;
}

TEST(PinProtocolV1, MatchesTheSpecBytes) {
    PinProtocolV1 v1;
    EXPECT_EQ(v1.version(), 1);
    const Bytes key = v1.kdf(z_fixture());
    EXPECT_EQ(to_hex(key), "82d86408530b765e46ebf47807095027e807bc08674b0de77ee5ef2fae7d0492");
    EXPECT_EQ(key, sha256(z_fixture()));
    const Bytes ct = v1.encrypt(key, pin_block());
    EXPECT_EQ(to_hex(ct),
              "6fdb8420149c8de92981d3a07bf451eae4714adbb8907600da818ef86282547f"
              "9872dbfe26cd5b1a00fd242f9900d1b45570cf3658cafd5849c2d780643de60d");
    EXPECT_EQ(v1.encrypt(key, pin_block()), ct);  // IV = 0: deterministic
    EXPECT_EQ(v1.decrypt(key, ct), pin_block());
    const Bytes auth = v1.authenticate(key, Bytes(32, 0xff));
    EXPECT_EQ(to_hex(auth), "d1646be7a20ff04076c87adc20a85fb1");
}

TEST(PinProtocolV1, AuthenticateTruncatesTo16BytesAndVerifyChecksIt) {
    PinProtocolV1 v1;
    const Bytes token(16, 0x5a);  // v1 pinUvAuthTokens may be 16 or 32 bytes
    const Bytes msg = str("clientDataHash");
    const Bytes auth = v1.authenticate(token, msg);
    ASSERT_EQ(auth.size(), 16u);
    const Bytes full = hmac_sha256(token, msg);
    EXPECT_EQ(auth, Bytes(full.begin(), full.begin() + 16));
    EXPECT_TRUE(v1.verify(token, msg, auth));
    EXPECT_FALSE(v1.verify(token, msg, full));  // the untruncated MAC is not a v1 pinUvAuthParam
    Bytes bad = auth;
    bad[15] ^= 0x01;
    EXPECT_FALSE(v1.verify(token, msg, bad));
    EXPECT_FALSE(v1.verify(token, str("other"), auth));
    EXPECT_FALSE(v1.verify(Bytes(16, 0x5b), msg, auth));
}

TEST(PinProtocolV1, RejectsMalformedInput) {
    PinProtocolV1 v1;
    const Bytes key(32, 1);
    EXPECT_FALSE(v1.decrypt(key, Bytes(17, 0)).has_value());
    EXPECT_THROW(v1.encrypt(key, Bytes(20, 0)), CryptoError);
    EXPECT_THROW(v1.encrypt(Bytes(64, 1), Bytes(16, 0)), CryptoError);
    EXPECT_THROW(v1.decrypt(Bytes(16, 1), Bytes(16, 0)), CryptoError);
}

TEST(PinProtocolV2, MatchesTheSpecBytes) {
    Drbg drbg(1);
    PinProtocolV2 v2(drbg);
    EXPECT_EQ(v2.version(), 2);
    const Bytes key = v2.kdf(z_fixture());
    EXPECT_EQ(to_hex(key),
              "329ca85a85e2d1af06b4dc97242e43da8c604b265953293305309f0502408b49"
              "9dda619da5241cfb9dce03e6cf9eb25e26425148addc26d51f293e315b4994a8");
    // A ciphertext made outside this code with IV c0..cf decrypts to the PIN block.
    const Bytes external =
        hex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf7bef90fafdc661c43d30de834f6e804e"
            "cbe8f02288c4e843d867146061c2092fa4c9351729551624bb79894e4e5da042"
            "405c58a645ce01638b88c1bc2df5fc69");
    EXPECT_EQ(v2.decrypt(key, external), pin_block());
    EXPECT_EQ(to_hex(v2.authenticate(key, Bytes(32, 0xff))),
              "2fab43fcddfbd04dacf43b1c46f8adbb9e8dcd33b8f1ce431d3999cb27b227d3");
}

TEST(PinProtocolV2, EncryptPrependsADrbgIv) {
    Drbg drbg(77);
    Drbg expected_ivs = drbg;  // same stream: predicts the IVs
    PinProtocolV2 v2(drbg);
    const Bytes key = v2.kdf(z_fixture());
    const Bytes ct = v2.encrypt(key, pin_block());
    ASSERT_EQ(ct.size(), 16u + 64u);
    EXPECT_EQ(Bytes(ct.begin(), ct.begin() + 16), expected_ivs.bytes(16));
    EXPECT_EQ(v2.decrypt(key, ct), pin_block());
    const Bytes ct2 = v2.encrypt(key, pin_block());
    EXPECT_NE(ct2, ct);  // fresh IV each time
    EXPECT_EQ(Bytes(ct2.begin(), ct2.begin() + 16), expected_ivs.bytes(16));
    EXPECT_EQ(v2.decrypt(key, ct2), pin_block());

    Drbg replay(77);  // determinism: same seed, same ciphertext
    PinProtocolV2 v2b(replay);
    EXPECT_EQ(v2b.encrypt(key, pin_block()), ct);
}

TEST(PinProtocolV2, AuthenticateUsesTheFirst32KeyBytesAndFullMac) {
    Drbg drbg(2);
    PinProtocolV2 v2(drbg);
    const Bytes shared = v2.kdf(z_fixture());
    const Bytes msg = str("message");
    const Bytes auth = v2.authenticate(shared, msg);
    ASSERT_EQ(auth.size(), 32u);
    EXPECT_EQ(auth, hmac_sha256(ByteView(shared).first(32), msg));
    EXPECT_EQ(auth, v2.authenticate(ByteView(shared).first(32), msg));
    EXPECT_TRUE(v2.verify(shared, msg, auth));
    EXPECT_FALSE(v2.verify(shared, msg, Bytes(auth.begin(), auth.begin() + 16)));
    Bytes bad = auth;
    bad[0] ^= 0x01;
    EXPECT_FALSE(v2.verify(shared, msg, bad));
    const Bytes token(32, 0x11);
    EXPECT_TRUE(v2.verify(token, msg, v2.authenticate(token, msg)));
    EXPECT_THROW(v2.authenticate(Bytes(16, 0), msg), CryptoError);
}

TEST(PinProtocolV2, RejectsMalformedInput) {
    Drbg drbg(3);
    PinProtocolV2 v2(drbg);
    const Bytes key(64, 1);
    EXPECT_FALSE(v2.decrypt(key, Bytes(15, 0)).has_value());       // no room for the IV
    EXPECT_FALSE(v2.decrypt(key, Bytes(16 + 17, 0)).has_value());  // not block-aligned
    EXPECT_EQ(v2.decrypt(key, Bytes(16, 0)), Bytes{});             // IV only, empty plaintext
    EXPECT_THROW(v2.encrypt(key, Bytes(10, 0)), CryptoError);
    EXPECT_THROW(v2.encrypt(Bytes(32, 1), Bytes(16, 0)), CryptoError);
    EXPECT_THROW(v2.decrypt(Bytes(32, 1), Bytes(32, 0)), CryptoError);
}

// Interoperability with python-fido2 (0.9.1, fido2.ctap2.pin): the platform encapsulated against
// the authenticator key d = 0x0102..20; decapsulate must derive the same shared secret.
TEST(PinProtocol, DecapsulatesPythonFido2Encapsulation) {
    Bytes d;
    for (int i = 1; i <= 32; ++i)
        d.push_back(static_cast<std::uint8_t>(i));
    const auto authenticator_key = P256KeyPair::from_private_bytes(d);
    Drbg drbg(5);
    PinProtocolV1 v1;
    EXPECT_EQ(to_hex(v1.decapsulate(
                           authenticator_key,
                           hex("baaccc8a4d2d8e308f5af2615c8ca7aaaee8fbf3363114b718bd76aa9dd36e5e"),
                           hex("32160722e1aa3bf1510a82926e194f23b5b7769acb6e3c818c2dc750ac471167"))
                         .value()),
              "8fc9895f3f2b79854b6ea7413ddd48530bf85f0738cb5608442b9fc68e614e3c");
    PinProtocolV2 v2(drbg);
    EXPECT_EQ(to_hex(v2.decapsulate(
                           authenticator_key,
                           hex("dbead9fa32653335b26637d0938b9b5af605d134a13df3ee2d385f83c7dd1fdc"),
                           hex("541ae8826d1f942245733ca3052a54030042c01e38a661635e865743d6bedf7f"))
                         .value()),
              "c564b22785210ad7786c294de5904a3e38a7edf83e42945e7cb88498eee8cc47"
              "b37f705191acb62c2d2f27c1dd07c242351aed8a49ccf66afb1ce4c129fbc9f5");
}

TEST(PinProtocol, FactoryAndKeyAgreementForBothVersions) {
    Drbg drbg(400);
    EXPECT_EQ(make_pin_protocol(3, drbg), nullptr);
    EXPECT_EQ(make_pin_protocol(0, drbg), nullptr);
    for (int version : {1, 2}) {
        SCOPED_TRACE(version);
        auto protocol = make_pin_protocol(version, drbg);
        ASSERT_NE(protocol, nullptr);
        EXPECT_EQ(protocol->version(), version);
        // Authenticator: key agreement key; platform: encapsulate against it.
        const auto authenticator_key = P256KeyPair::generate(drbg);
        const P256PublicKey auth_pub = authenticator_key.public_key();
        const auto enc = protocol->encapsulate(drbg, auth_pub.x(), auth_pub.y());
        ASSERT_TRUE(enc.has_value());
        EXPECT_EQ(enc->shared_secret.size(), version == 1 ? 32u : 64u);
        const auto dec =
            protocol->decapsulate(authenticator_key, enc->platform_key.x(), enc->platform_key.y());
        ASSERT_TRUE(dec.has_value());
        EXPECT_EQ(*dec, enc->shared_secret);

        // The platform sends newPinEnc; the authenticator decrypts and checks pinUvAuthParam.
        const Bytes new_pin_enc = protocol->encrypt(enc->shared_secret, pin_block());
        EXPECT_EQ(protocol->decrypt(*dec, new_pin_enc), pin_block());
        const Bytes param = protocol->authenticate(enc->shared_secret, new_pin_enc);
        EXPECT_TRUE(protocol->verify(*dec, new_pin_enc, param));

        Bytes off_curve = enc->platform_key.y();
        off_curve[0] ^= 0x01;
        EXPECT_FALSE(
            protocol->decapsulate(authenticator_key, enc->platform_key.x(), off_curve).has_value());
        EXPECT_FALSE(protocol->encapsulate(drbg, auth_pub.x(), off_curve).has_value());
    }
}

}  // namespace
}  // namespace nk3::crypto
