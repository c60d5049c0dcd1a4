#include "crypto/sha.hpp"

#include <gtest/gtest.h>

#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/tests/test_util.hpp"

namespace nk3::crypto {
namespace {

using test::hex;
using test::to_hex;

TEST(Sha256, KnownAnswers) {
    EXPECT_EQ(to_hex(sha256(as_bytes("abc"))),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(to_hex(sha256({})),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, IncrementalEqualsOneShot) {
    Sha256 h;
    h.update(as_bytes("a")).update({}).update(as_bytes("bc"));
    EXPECT_EQ(h.finish(), sha256(as_bytes("abc")));
    EXPECT_THROW(h.finish(), CryptoError);
    EXPECT_THROW(h.update(as_bytes("x")), CryptoError);
}

// RFC 4231 test case 2.
TEST(HmacSha256, Rfc4231TestCase2) {
    EXPECT_EQ(to_hex(hmac_sha256(as_bytes("Jefe"), as_bytes("what do ya want for nothing?"))),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, PartsEqualConcatenationAndEmptyKeyWorks) {
    EXPECT_EQ(hmac_sha256(as_bytes("k"), {as_bytes("what do "), as_bytes(""), as_bytes("ya")}),
              hmac_sha256(as_bytes("k"), as_bytes("what do ya")));
    // Python: hmac.new(b"", b"nk3rig", hashlib.sha256).hexdigest()
    EXPECT_EQ(to_hex(hmac_sha256({}, as_bytes("nk3rig"))),
              "9057ff9cd065fa74b5a10096bbf2174eb042312d21fdc8f8fdafb1ac2995dafa");
}

// RFC 5869 test case 1.
TEST(HkdfSha256, Rfc5869TestCase1) {
    const Bytes okm =
        hkdf_sha256(hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                    hex("000102030405060708090a0b0c"), hex("f0f1f2f3f4f5f6f7f8f9"), 42);
    EXPECT_EQ(to_hex(okm),
              "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
              "34007208d5b887185865");
}

// RFC 5869 test case 3 (empty salt and info).
TEST(HkdfSha256, Rfc5869TestCase3) {
    const Bytes okm = hkdf_sha256(hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), {}, {}, 42);
    EXPECT_EQ(to_hex(okm),
              "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
              "9d201395faa4b61a96c8");
    EXPECT_THROW(hkdf_sha256(as_bytes("x"), {}, {}, 0), CryptoError);
    EXPECT_THROW(hkdf_sha256(as_bytes("x"), {}, {}, 255 * 32 + 1), CryptoError);
}

TEST(Bytes, ConstantTimeEqual) {
    EXPECT_TRUE(constant_time_equal(as_bytes("abc"), as_bytes("abc")));
    EXPECT_FALSE(constant_time_equal(as_bytes("abc"), as_bytes("abd")));
    EXPECT_FALSE(constant_time_equal(as_bytes("abc"), as_bytes("ab")));
    EXPECT_TRUE(constant_time_equal({}, {}));
}

}  // namespace
}  // namespace nk3::crypto
