#include "crypto/ed25519.hpp"

#include <gtest/gtest.h>

#include "crypto/openssl_error.hpp"
#include "crypto/tests/test_util.hpp"

namespace nk3::crypto {
namespace {

using test::hex;
using test::to_hex;

// RFC 8032 section 7.1, TEST 1 (empty message).
TEST(Ed25519, Rfc8032Test1) {
    const auto key = Ed25519KeyPair::from_private_bytes(
        hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    EXPECT_EQ(to_hex(key.public_key().raw()),
              "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const Bytes sig = key.sign({});
    EXPECT_EQ(to_hex(sig),
              "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
              "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    const auto pub = Ed25519PublicKey::from_raw(
        hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    ASSERT_TRUE(pub.has_value());
    EXPECT_TRUE(pub->verify({}, sig));
    EXPECT_FALSE(pub->verify(as_bytes("x"), sig));
}

// RFC 8032 section 7.1, TEST 2 (one-byte message 0x72).
TEST(Ed25519, Rfc8032Test2) {
    const auto key = Ed25519KeyPair::from_private_bytes(
        hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
    EXPECT_EQ(to_hex(key.public_key().raw()),
              "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    const Bytes msg = hex("72");
    EXPECT_EQ(to_hex(key.sign(msg)),
              "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
              "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
}

TEST(Ed25519, SignVerifyRoundTripAndTamperRejection) {
    Drbg drbg(200);
    const auto key = Ed25519KeyPair::generate(drbg);
    const Bytes msg = drbg.bytes(77);
    const Bytes sig = key.sign(msg);
    ASSERT_EQ(sig.size(), kEd25519SignatureSize);
    EXPECT_EQ(sig, key.sign(msg));  // Ed25519 is deterministic
    const auto pub = key.public_key();
    EXPECT_TRUE(pub.verify(msg, sig));
    Bytes bad_msg = msg;
    bad_msg[0] ^= 0x80;
    EXPECT_FALSE(pub.verify(bad_msg, sig));
    Bytes bad_sig = sig;
    bad_sig[10] ^= 0x01;
    EXPECT_FALSE(pub.verify(msg, bad_sig));
    EXPECT_FALSE(pub.verify(msg, Bytes(sig.begin(), sig.end() - 1)));
    Drbg other(201);
    EXPECT_FALSE(Ed25519KeyPair::generate(other).public_key().verify(msg, sig));
}

TEST(Ed25519, GenerationIsDeterministicAndRawKeysRoundTrip) {
    Drbg a(9), b(9), c(10);
    const auto ka = Ed25519KeyPair::generate(a);
    EXPECT_EQ(ka.private_bytes(), Ed25519KeyPair::generate(b).private_bytes());
    EXPECT_NE(ka.private_bytes(), Ed25519KeyPair::generate(c).private_bytes());
    EXPECT_EQ(ka.private_bytes(), Drbg(9).bytes(32));  // the seed is the first 32 DRBG bytes

    const auto restored = Ed25519KeyPair::from_private_bytes(ka.private_bytes());
    EXPECT_EQ(restored.public_key().raw(), ka.public_key().raw());
    const auto pub = Ed25519PublicKey::from_raw(ka.public_key().raw());
    ASSERT_TRUE(pub.has_value());
    EXPECT_TRUE(pub->verify(as_bytes("m"), restored.sign(as_bytes("m"))));

    EXPECT_THROW(Ed25519KeyPair::from_private_bytes(Bytes(31, 0)), CryptoError);
    EXPECT_FALSE(Ed25519PublicKey::from_raw(Bytes(33, 0)).has_value());
}

}  // namespace
}  // namespace nk3::crypto
