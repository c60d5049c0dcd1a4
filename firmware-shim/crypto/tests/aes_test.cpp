#include <gtest/gtest.h>

#include "crypto/aes_cbc.hpp"
#include "crypto/aes_gcm.hpp"
#include "crypto/openssl_error.hpp"
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

// McGrew & Viega GCM spec test cases 13 and 14 (AES-256, zero key and IV).
TEST(AesGcm, KnownAnswers) {
    const Bytes key(32, 0), nonce(12, 0);
    EXPECT_EQ(to_hex(aes256_gcm_encrypt(key, nonce, {})), "530f8afbc74536b9a963b4f1c4cb738b");
    EXPECT_EQ(to_hex(aes256_gcm_encrypt(key, nonce, Bytes(16, 0))),
              "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
    // With AAD; cross-checked with Python `cryptography` AESGCM.
    EXPECT_EQ(to_hex(aes256_gcm_encrypt(iota(0, 32), iota(0, 12), as_bytes("nk3rig power cut"),
                                        as_bytes("header"))),
              "2969e569ac82e26be236f2f9918a0d192e8c263c313c8de57eacb130c2dc87e6");
}

TEST(AesGcm, RoundTripAndTamperRejection) {
    const Bytes key = iota(1, 32), nonce = iota(50, 12);
    const Bytes aad{'a', 'a', 'd'};
    const Bytes plaintext = iota(100, 45);
    const Bytes sealed = aes256_gcm_encrypt(key, nonce, plaintext, aad);
    ASSERT_EQ(sealed.size(), plaintext.size() + kGcmTagSize);
    EXPECT_EQ(aes256_gcm_decrypt(key, nonce, sealed, aad), plaintext);

    Bytes tampered = sealed;
    tampered[3] ^= 0x01;  // ciphertext byte
    EXPECT_FALSE(aes256_gcm_decrypt(key, nonce, tampered, aad).has_value());
    tampered = sealed;
    tampered.back() ^= 0x01;  // tag byte
    EXPECT_FALSE(aes256_gcm_decrypt(key, nonce, tampered, aad).has_value());
    EXPECT_FALSE(aes256_gcm_decrypt(key, nonce, sealed, as_bytes("aae")).has_value());
    EXPECT_FALSE(aes256_gcm_decrypt(key, nonce, sealed).has_value());  // AAD missing
    EXPECT_FALSE(aes256_gcm_decrypt(key, iota(51, 12), sealed, aad).has_value());
    EXPECT_FALSE(aes256_gcm_decrypt(iota(2, 32), nonce, sealed, aad).has_value());
    EXPECT_FALSE(aes256_gcm_decrypt(key, nonce, Bytes(15, 0), aad).has_value());

    const Bytes empty_sealed = aes256_gcm_encrypt(key, nonce, {}, aad);
    EXPECT_EQ(aes256_gcm_decrypt(key, nonce, empty_sealed, aad), Bytes{});
}

TEST(AesGcm, RejectsWrongKeyAndNonceSizes) {
    EXPECT_THROW(aes256_gcm_encrypt(Bytes(16, 0), Bytes(12, 0), {}), CryptoError);
    EXPECT_THROW(aes256_gcm_encrypt(Bytes(32, 0), Bytes(16, 0), {}), CryptoError);
    EXPECT_THROW(aes256_gcm_decrypt(Bytes(32, 0), Bytes(11, 0), Bytes(16, 0)), CryptoError);
}

TEST(AesCbc, KnownAnswerAndRoundTrip) {
    const Bytes key = iota(0, 32), iv = iota(0, 16), plaintext = iota(0x40, 32);
    const Bytes ct = aes256_cbc_encrypt(key, iv, plaintext);
    // Cross-checked with Python `cryptography` AES-256-CBC.
    EXPECT_EQ(to_hex(ct), "91ccf78209417c3eea9e9b5181e3debf87554f61a226a4eb55bd762b8db2794b");
    EXPECT_EQ(aes256_cbc_decrypt(key, iv, ct), plaintext);
    EXPECT_NE(aes256_cbc_decrypt(key, iota(1, 16), ct), plaintext);
    EXPECT_TRUE(aes256_cbc_encrypt(key, iv, {}).empty());
}

TEST(AesCbc, RejectsUnpaddedInputAndWrongSizes) {
    const Bytes key(32, 0), iv(16, 0);
    EXPECT_THROW(aes256_cbc_encrypt(key, iv, Bytes(15, 0)), CryptoError);
    EXPECT_THROW(aes256_cbc_decrypt(key, iv, Bytes(17, 0)), CryptoError);
    EXPECT_THROW(aes256_cbc_encrypt(Bytes(24, 0), iv, Bytes(16, 0)), CryptoError);
    EXPECT_THROW(aes256_cbc_encrypt(key, Bytes(12, 0), Bytes(16, 0)), CryptoError);
}

}  // namespace
}  // namespace nk3::crypto
