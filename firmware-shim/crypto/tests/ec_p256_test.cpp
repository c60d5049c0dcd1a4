#include "crypto/ec_p256.hpp"

#include <gtest/gtest.h>

#include "crypto/openssl_error.hpp"
#include "crypto/tests/test_util.hpp"

namespace nk3::crypto {
namespace {

using test::hex;
using test::to_hex;

constexpr char kGx[] = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
constexpr char kGy[] = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
constexpr char kOrder[] = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
constexpr char kPrime[] = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";

TEST(P256, ScalarOneGivesTheGenerator) {
    const auto key = P256KeyPair::from_private_bytes(
        hex("0000000000000000000000000000000000000000000000000000000000000001"));
    const P256PublicKey pub = key.public_key();
    EXPECT_EQ(to_hex(pub.x()), kGx);
    EXPECT_EQ(to_hex(pub.y()), kGy);
    EXPECT_EQ(to_hex(pub.uncompressed()), std::string("04") + kGx + kGy);
}

// Interoperability: public key and signature produced by Python `cryptography` for
// d = 0x0102..20, message "nk3rig".
TEST(P256, VerifiesAnExternallyProducedSignature) {
    Bytes d;
    for (int i = 1; i <= 32; ++i)
        d.push_back(static_cast<std::uint8_t>(i));
    const auto key = P256KeyPair::from_private_bytes(d);
    const P256PublicKey pub = key.public_key();
    EXPECT_EQ(to_hex(pub.x()), "515c3d6eb9e396b904d3feca7f54fdcd0cc1e997bf375dca515ad0a6c3b4035f");
    EXPECT_EQ(to_hex(pub.y()), "4536be3a50f318fbf9a5475902a221502bef0d57e08c53b2cc0a56f17d9f9354");
    const Bytes sig = hex(
        "3045022100b0f881745fec23a401d166fa9c5e0fefa6f9fb2cb7fcdd9914d2d5289d695eec02201cd684f83e"
        "3fca37247b56c30f15333a929fbf189ed9c1f6b33fe9be3097347f");
    EXPECT_TRUE(pub.verify_es256(as_bytes("nk3rig"), sig));
    EXPECT_FALSE(pub.verify_es256(as_bytes("nk3rig!"), sig));
}

TEST(P256, SignVerifyRoundTripAndTamperRejection) {
    Drbg drbg(100);
    const auto key = P256KeyPair::generate(drbg);
    const Bytes msg = drbg.bytes(100);
    const Bytes sig = key.sign_es256(msg);
    ASSERT_GE(sig.size(), 8u);
    EXPECT_EQ(sig[0], 0x30);  // DER SEQUENCE
    const P256PublicKey pub = key.public_key();
    EXPECT_TRUE(pub.verify_es256(msg, sig));

    Bytes bad_msg = msg;
    bad_msg[5] ^= 0x01;
    EXPECT_FALSE(pub.verify_es256(bad_msg, sig));
    Bytes bad_sig = sig;
    bad_sig[bad_sig.size() - 1] ^= 0x01;
    EXPECT_FALSE(pub.verify_es256(msg, bad_sig));
    EXPECT_FALSE(pub.verify_es256(msg, {}));
    EXPECT_FALSE(pub.verify_es256(msg, as_bytes("not a DER signature")));
    Drbg other(101);
    EXPECT_FALSE(P256KeyPair::generate(other).public_key().verify_es256(msg, sig));

    const Bytes empty_sig = key.sign_es256({});
    EXPECT_TRUE(pub.verify_es256({}, empty_sig));
}

TEST(P256, GenerationIsDeterministic) {
    Drbg a(7), b(7), c(8);
    const Bytes ka = P256KeyPair::generate(a).private_bytes();
    EXPECT_EQ(ka.size(), 32u);
    EXPECT_EQ(ka, P256KeyPair::generate(b).private_bytes());
    EXPECT_NE(ka, P256KeyPair::generate(c).private_bytes());
    // Nothing but the DRBG is consumed: both streams stay aligned.
    EXPECT_EQ(a.bytes(8), b.bytes(8));
    EXPECT_NE(ka, P256KeyPair::generate(a).private_bytes());
}

TEST(P256, PrivateKeyExportImportRoundTrip) {
    Drbg drbg(3);
    const auto key = P256KeyPair::generate(drbg);
    const auto restored = P256KeyPair::from_private_bytes(key.private_bytes());
    EXPECT_EQ(restored.private_bytes(), key.private_bytes());
    EXPECT_EQ(restored.public_key().uncompressed(), key.public_key().uncompressed());
    EXPECT_TRUE(key.public_key().verify_es256(as_bytes("m"), restored.sign_es256(as_bytes("m"))));
    const P256KeyPair copy = key;  // shares the EVP_PKEY
    EXPECT_EQ(copy.private_bytes(), key.private_bytes());
}

TEST(P256, PrivateKeyImportRejectsOutOfRangeScalars) {
    EXPECT_THROW(P256KeyPair::from_private_bytes(Bytes(32, 0)), CryptoError);
    EXPECT_THROW(P256KeyPair::from_private_bytes(hex(kOrder)), CryptoError);
    EXPECT_THROW(P256KeyPair::from_private_bytes(Bytes(31, 1)), CryptoError);
    Bytes n_minus_1 = hex(kOrder);
    n_minus_1.back() -= 1;
    EXPECT_NO_THROW(P256KeyPair::from_private_bytes(n_minus_1));
}

TEST(P256, PublicKeyImportFromXyValidatesThePoint) {
    Drbg drbg(4);
    const auto key = P256KeyPair::generate(drbg);
    const P256PublicKey pub = key.public_key();
    const auto imported = P256PublicKey::from_xy(pub.x(), pub.y());
    ASSERT_TRUE(imported.has_value());
    EXPECT_EQ(imported->uncompressed(), pub.uncompressed());
    EXPECT_TRUE(imported->verify_es256(as_bytes("hello"), key.sign_es256(as_bytes("hello"))));
    ASSERT_TRUE(P256PublicKey::from_uncompressed(pub.uncompressed()).has_value());

    Bytes off_curve_y = hex(kGy);
    off_curve_y.back() ^= 0x01;
    EXPECT_FALSE(P256PublicKey::from_xy(hex(kGx), off_curve_y).has_value());
    EXPECT_FALSE(P256PublicKey::from_xy(hex(kPrime), hex(kGy)).has_value());  // x >= p
    EXPECT_FALSE(P256PublicKey::from_xy(Bytes(31, 1), hex(kGy)).has_value());
    EXPECT_FALSE(P256PublicKey::from_xy(Bytes(32, 0), Bytes(32, 0)).has_value());
    Bytes compressed_tag = pub.uncompressed();
    compressed_tag[0] = 0x02;
    EXPECT_FALSE(P256PublicKey::from_uncompressed(compressed_tag).has_value());
}

}  // namespace
}  // namespace nk3::crypto
