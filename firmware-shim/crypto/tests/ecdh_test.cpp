#include <gtest/gtest.h>

#include "crypto/ecdh_p256.hpp"
#include "crypto/tests/test_util.hpp"

namespace nk3::crypto {
namespace {

using test::hex;
using test::to_hex;

Bytes iota(std::uint8_t start, std::size_t n) {
    Bytes out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<std::uint8_t>(start + i);
    return out;
}

TEST(EcdhP256, TwoPartiesAgree) {
    Drbg drbg(300);
    const EcdhKeyPair alice = P256KeyPair::generate(drbg);
    const EcdhKeyPair bob = P256KeyPair::generate(drbg);
    const P256PublicKey a = alice.public_key(), b = bob.public_key();
    const auto z_ab = ecdh_p256_shared_x(alice, b.x(), b.y());
    const auto z_ba = ecdh_p256_shared_x(bob, a.x(), a.y());
    ASSERT_TRUE(z_ab.has_value());
    ASSERT_TRUE(z_ba.has_value());
    EXPECT_EQ(z_ab->size(), 32u);
    EXPECT_EQ(*z_ab, *z_ba);
    EXPECT_EQ(ecdh_p256_shared_x(alice, b), *z_ab);
    Drbg other(301);
    const auto carol = P256KeyPair::generate(other);
    EXPECT_NE(ecdh_p256_shared_x(carol, b), *z_ab);
}

// Cross-checked with Python `cryptography`: d1 = 0x0102..20, d2 = 0x2122..40.
TEST(EcdhP256, KnownAnswer) {
    const auto k1 = P256KeyPair::from_private_bytes(iota(0x01, 32));
    const auto k2 = P256KeyPair::from_private_bytes(iota(0x21, 32));
    EXPECT_EQ(to_hex(ecdh_p256_shared_x(k1, k2.public_key())),
              "4fe243908f378aa1c2a69538822e6ed908c3225d8692575507c649901245150a");
}

TEST(EcdhP256, RejectsInvalidPeerPoints) {
    Drbg drbg(302);
    const auto own = P256KeyPair::generate(drbg);
    const P256PublicKey peer = P256KeyPair::generate(drbg).public_key();
    Bytes y = peer.y();
    y[31] ^= 0x01;  // (x, y') is not on the curve
    EXPECT_FALSE(ecdh_p256_shared_x(own, peer.x(), y).has_value());
    EXPECT_FALSE(ecdh_p256_shared_x(own, Bytes(32, 0), Bytes(32, 0)).has_value());
    EXPECT_FALSE(ecdh_p256_shared_x(own, Bytes(32, 0xff), peer.y()).has_value());  // x >= p
    EXPECT_FALSE(ecdh_p256_shared_x(own, peer.x(), Bytes(31, 1)).has_value());
    EXPECT_TRUE(ecdh_p256_shared_x(own, peer.x(), peer.y()).has_value());
}

}  // namespace
}  // namespace nk3::crypto
