#include "crypto/ecdsa_rfc6979.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>

#include "crypto/drbg.hpp"
#include "crypto/ec_p256.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/sha.hpp"
#include "crypto/tests/test_util.hpp"

namespace nk3::crypto {
namespace {

using test::hex;
using test::to_hex;

// RFC 6979, appendix A.2.5 (ECDSA, 256 bits, prime field): private key x and public key U.
constexpr char kRfcX[] = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
constexpr char kRfcUx[] = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
constexpr char kRfcUy[] = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
constexpr char kOrder[] = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

struct RfcVector {
    const char* message;
    const char* k;
    const char* r;
    const char* s;
};

// RFC 6979 A.2.5, "With SHA-256".
constexpr RfcVector kSha256Vectors[] = {
    {"sample", "a6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60",
     "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
     "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"},
    {"test", "d16b6ae827f17175e040871a1c7ec3500192c4c92677336ec2537acaee0008e0",
     "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
     "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"},
};

struct RawSignature {
    std::string r;  // 64 hex digits, zero-padded
    std::string s;
};

// Parses a DER ECDSA-Sig-Value and checks that it is the canonical (DER) encoding.
std::optional<RawSignature> decode_der(ByteView der) {
    const unsigned char* p = der.data();
    EcdsaSigPtr sig{d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()))};
    if (!sig || p != der.data() + der.size()) return std::nullopt;
    unsigned char* out = nullptr;
    const int len = i2d_ECDSA_SIG(sig.get(), &out);
    const bool canonical = len > 0 && Bytes(out, out + len) == Bytes(der.begin(), der.end());
    OPENSSL_free(out);
    if (!canonical) return std::nullopt;
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    Bytes rb(32), sb(32);
    if (BN_bn2binpad(r, rb.data(), 32) != 32 || BN_bn2binpad(s, sb.data(), 32) != 32) {
        return std::nullopt;
    }
    return RawSignature{to_hex(rb), to_hex(sb)};
}

// Verification through OpenSSL's own EVP_DigestVerify (SHA-256), independent of verify_es256.
bool evp_digest_verify(EVP_PKEY* pub, ByteView message, ByteView der) {
    EvpMdCtxPtr ctx{EVP_MD_CTX_new()};
    if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, pub,
                                        nullptr) != 1) {
        ADD_FAILURE() << "EVP_DigestVerifyInit_ex: " << drain_openssl_errors();
        return false;
    }
    const int rc =
        EVP_DigestVerify(ctx.get(), der.data(), der.size(), data_or_dummy(message), message.size());
    clear_openssl_errors();
    return rc == 1;
}

TEST(Rfc6979, RfcKeyHasThePublishedPublicKey) {
    const auto key = P256KeyPair::from_private_bytes(hex(kRfcX));
    EXPECT_EQ(to_hex(key.public_key().x()), kRfcUx);
    EXPECT_EQ(to_hex(key.public_key().y()), kRfcUy);
}

TEST(Rfc6979, A25Sha256VectorsNonceAndSignature) {
    const auto key = P256KeyPair::from_private_bytes(hex(kRfcX));
    const auto rfc_pub = P256PublicKey::from_xy(hex(kRfcUx), hex(kRfcUy));
    ASSERT_TRUE(rfc_pub.has_value());
    for (const RfcVector& v : kSha256Vectors) {
        SCOPED_TRACE(v.message);
        const Bytes digest = sha256(as_bytes(v.message));
        Rfc6979NonceGenerator nonces(hex(kRfcX), digest);
        EXPECT_EQ(to_hex(nonces.next_nonce()), v.k);

        const Bytes sig = key.sign_es256(as_bytes(v.message));
        const auto raw = decode_der(sig);
        ASSERT_TRUE(raw.has_value());
        EXPECT_EQ(raw->r, v.r);
        EXPECT_EQ(raw->s, v.s);  // "sample" has s > n/2: no low-S normalisation
        EXPECT_EQ(ecdsa_p256_sign_digest_rfc6979(key.native(), digest), sig);
        EXPECT_EQ(ecdsa_p256_sha256_sign_rfc6979(key.native(), as_bytes(v.message)), sig);

        EXPECT_TRUE(rfc_pub->verify_es256(as_bytes(v.message), sig));
        EXPECT_TRUE(evp_digest_verify(rfc_pub->native(), as_bytes(v.message), sig));
        EXPECT_FALSE(rfc_pub->verify_es256(as_bytes("other"), sig));
        EXPECT_FALSE(evp_digest_verify(rfc_pub->native(), as_bytes("other"), sig));
    }
}

// The exact DER of the two vectors: r has its top bit set (0x00 pad), s of "test" does not.
TEST(Rfc6979, A25Sha256VectorsDerEncoding) {
    const auto key = P256KeyPair::from_private_bytes(hex(kRfcX));
    EXPECT_EQ(to_hex(key.sign_es256(as_bytes("sample"))),
              std::string("3046022100") + kSha256Vectors[0].r + "022100" + kSha256Vectors[0].s);
    EXPECT_EQ(to_hex(key.sign_es256(as_bytes("test"))),
              std::string("3045022100") + kSha256Vectors[1].r + "0220" + kSha256Vectors[1].s);
}

// RFC 6979 3.3: the candidate stream (including the step h.3 retry update) is HMAC_DRBG
// instantiated with int2octets(x) || bits2octets(h1). Drbg is checked against NIST CAVP.
TEST(Rfc6979, CandidateStreamIsHmacDrbgOfKeyAndReducedDigest) {
    const Bytes x = hex(kRfcX);
    const Bytes sample = sha256(as_bytes("sample"));  // < n: bits2octets(h1) = h1
    const Bytes all_ones(32, 0xff);                   // >= n: bits2octets(h1) = h1 - n
    const Bytes all_ones_minus_n =
        hex("00000000ffffffff00000000000000004319055258e8617b0c46353d039cdaae");
    const std::pair<Bytes, Bytes> cases[] = {{sample, sample}, {all_ones, all_ones_minus_n}};
    for (const auto& [h1, reduced] : cases) {
        SCOPED_TRACE(to_hex(h1));
        Rfc6979NonceGenerator nonces(x, h1);
        Drbg drbg(x, reduced);
        for (int i = 0; i < 4; ++i)
            EXPECT_EQ(to_hex(nonces.next_candidate()), to_hex(drbg.generate(32))) << i;
    }
    // next_nonce() after next_candidate() continues the stream.
    Rfc6979NonceGenerator a(x, sample), b(x, sample);
    a.next_candidate();
    b.next_candidate();
    EXPECT_EQ(a.next_nonce(), b.next_candidate());
}

TEST(Rfc6979, NonceGeneratorValidatesItsInputs) {
    const Bytes digest(32, 0x11);
    EXPECT_THROW(Rfc6979NonceGenerator(Bytes(32, 0), digest), CryptoError);
    EXPECT_THROW(Rfc6979NonceGenerator(hex(kOrder), digest), CryptoError);
    EXPECT_THROW(Rfc6979NonceGenerator(Bytes(31, 1), digest), CryptoError);
    EXPECT_THROW(Rfc6979NonceGenerator(hex(kRfcX), Bytes(31, 1)), CryptoError);
    Bytes n_minus_1 = hex(kOrder);
    n_minus_1.back() -= 1;
    EXPECT_NO_THROW(Rfc6979NonceGenerator(n_minus_1, digest));
}

TEST(Rfc6979, SigningIsDeterministic) {
    Drbg drbg(77);
    const auto key = P256KeyPair::generate(drbg);
    const Bytes msg = drbg.bytes(200);
    const Bytes sig = key.sign_es256(msg);
    EXPECT_EQ(key.sign_es256(msg), sig);
    const P256KeyPair copy = key;
    EXPECT_EQ(copy.sign_es256(msg), sig);
    EXPECT_EQ(P256KeyPair::from_private_bytes(key.private_bytes()).sign_es256(msg), sig);
    Drbg again(77);
    EXPECT_EQ(P256KeyPair::generate(again).sign_es256(msg), sig);  // a fresh key object

    Bytes other_msg = msg;
    other_msg[0] ^= 0x01;
    EXPECT_NE(key.sign_es256(other_msg), sig);
    EXPECT_NE(P256KeyPair::generate(drbg).sign_es256(msg), sig);
    EXPECT_EQ(key.sign_es256({}), key.sign_es256({}));
}

// Many keys and messages: every signature is canonical DER, verifies through verify_es256 and
// EVP_DigestVerify, and s is used as computed (some of them lie in the upper half).
TEST(Rfc6979, RandomKeysAndMessagesVerify) {
    Drbg drbg(6979);
    const Bytes half_n = hex("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8");
    int high_s = 0;
    for (int i = 0; i < 100; ++i) {
        SCOPED_TRACE(i);
        const auto key = P256KeyPair::generate(drbg);
        const Bytes msg = drbg.bytes(static_cast<std::size_t>(i * 7 % 300));
        const Bytes sig = key.sign_es256(msg);
        EXPECT_GE(sig.size(), 8u);
        EXPECT_LE(sig.size(), 72u);
        const auto raw = decode_der(sig);
        ASSERT_TRUE(raw.has_value());
        if (raw->s > to_hex(half_n)) ++high_s;
        const P256PublicKey pub = key.public_key();
        EXPECT_TRUE(pub.verify_es256(msg, sig));
        EXPECT_TRUE(evp_digest_verify(pub.native(), msg, sig));
        Bytes bad = msg;
        bad.push_back(0x00);
        EXPECT_FALSE(pub.verify_es256(bad, sig));
    }
    EXPECT_GT(high_s, 0);
}

TEST(Rfc6979, RejectsBadDigestsAndKeys) {
    const auto key = P256KeyPair::from_private_bytes(hex(kRfcX));
    EXPECT_THROW(ecdsa_p256_sign_digest_rfc6979(key.native(), Bytes(31, 0)), CryptoError);
    EXPECT_THROW(ecdsa_p256_sign_digest_rfc6979(key.native(), Bytes(33, 0)), CryptoError);
    EXPECT_THROW(ecdsa_p256_sign_digest_rfc6979(nullptr, Bytes(32, 0)), CryptoError);
    // A public key has no private scalar; an Ed25519 key is not an EC key.
    EXPECT_THROW(ecdsa_p256_sha256_sign_rfc6979(key.public_key().native(), as_bytes("m")),
                 CryptoError);
    Drbg drbg(1);
    const auto ed = Ed25519KeyPair::generate(drbg);
    EXPECT_THROW(ecdsa_p256_sha256_sign_rfc6979(ed.native(), as_bytes("m")), CryptoError);
}

}  // namespace
}  // namespace nk3::crypto
