// result_memo: a remembered signature or verdict is the one computing gives, for exactly the same
// inputs; anything else is computed. Each test uses keys of its own (the memo is process-wide).

#include "crypto/result_memo.hpp"

#include <gtest/gtest.h>

#include "crypto/ec_p256.hpp"
#include "crypto/ecdsa_rfc6979.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/tests/test_util.hpp"

namespace nk3::crypto {
namespace {

using test::str;

std::uint64_t done(CryptoOp op) {
    return crypto_op_counts()[static_cast<std::size_t>(op)];
}

std::uint64_t reused(CryptoOp op) {
    return crypto_reused_counts()[static_cast<std::size_t>(op)];
}

TEST(ResultMemo, AnEs256SignatureIsComputedOnceAndGivenAgainUnchanged) {
    Drbg drbg(7001);
    const auto key = P256KeyPair::generate(drbg);
    const Bytes message = str("authenticator data || clientDataHash");
    const auto done0 = done(CryptoOp::es256_sign);
    const auto reused0 = reused(CryptoOp::es256_sign);

    const Bytes first = key.sign_es256(message);
    EXPECT_EQ(first, ecdsa_p256_sha256_sign_rfc6979_scalar(key.scalar(), message));
    EXPECT_EQ(done(CryptoOp::es256_sign), done0 + 2);  // sign_es256 and the direct call
    EXPECT_EQ(reused(CryptoOp::es256_sign), reused0);

    EXPECT_EQ(key.sign_es256(message), first);
    EXPECT_EQ(done(CryptoOp::es256_sign), done0 + 2);
    EXPECT_EQ(reused(CryptoOp::es256_sign), reused0 + 1);

    // Another message, or another key over the same message: computed, and different.
    const Bytes other_message = str("authenticator data || clientDataHasH");
    const Bytes second = key.sign_es256(other_message);
    EXPECT_NE(second, first);
    EXPECT_EQ(second, ecdsa_p256_sha256_sign_rfc6979_scalar(key.scalar(), other_message));
    const auto other_key = P256KeyPair::generate(drbg);
    const Bytes third = other_key.sign_es256(message);
    EXPECT_NE(third, first);
    EXPECT_TRUE(other_key.public_key().verify_es256(message, third));
    EXPECT_EQ(reused(CryptoOp::es256_sign), reused0 + 1);
}

TEST(ResultMemo, AnEd25519SignatureIsComputedOnceAndGivenAgainUnchanged) {
    Drbg drbg(7002);
    const auto key = Ed25519KeyPair::generate(drbg);
    const Bytes message = str("ssh login");
    const auto done0 = done(CryptoOp::ed25519_sign);
    const auto reused0 = reused(CryptoOp::ed25519_sign);
    const Bytes first = key.sign(message);
    EXPECT_EQ(key.sign(message), first);
    EXPECT_EQ(done(CryptoOp::ed25519_sign), done0 + 1);
    EXPECT_EQ(reused(CryptoOp::ed25519_sign), reused0 + 1);

    // The same seed imported again signs the same; another seed, or message, does not.
    EXPECT_EQ(Ed25519KeyPair::from_private_bytes(key.private_bytes()).sign(message), first);
    const auto other_key = Ed25519KeyPair::generate(drbg);
    EXPECT_NE(other_key.sign(message), first);
    EXPECT_NE(key.sign(str("ssh logim")), first);
    EXPECT_EQ(done(CryptoOp::ed25519_sign), done0 + 3);
    EXPECT_TRUE(key.public_key().verify(message, first));
}

TEST(ResultMemo, AVerdictIsRememberedForItsExactKeyMessageAndSignature) {
    Drbg drbg(7003);
    const auto key = P256KeyPair::generate(drbg);
    const auto pub = key.public_key();
    const Bytes message = str("signed");
    const Bytes sig = key.sign_es256(message);
    const auto done0 = done(CryptoOp::es256_verify);
    const auto reused0 = reused(CryptoOp::es256_verify);

    EXPECT_TRUE(pub.verify_es256(message, sig));
    EXPECT_TRUE(pub.verify_es256(message, sig));
    EXPECT_EQ(done(CryptoOp::es256_verify), done0 + 1);
    EXPECT_EQ(reused(CryptoOp::es256_verify), reused0 + 1);

    // A true verdict says nothing about any other input: each of these is computed, and false.
    Bytes tampered = sig;
    tampered.back() ^= 0x01;
    EXPECT_FALSE(pub.verify_es256(message, tampered));
    EXPECT_FALSE(pub.verify_es256(str("signeD"), sig));
    EXPECT_FALSE(P256KeyPair::generate(drbg).public_key().verify_es256(message, sig));
    EXPECT_EQ(done(CryptoOp::es256_verify), done0 + 4);
    // A false verdict is remembered too.
    EXPECT_FALSE(pub.verify_es256(message, tampered));
    EXPECT_EQ(reused(CryptoOp::es256_verify), reused0 + 2);

    const auto ed = Ed25519KeyPair::generate(drbg);
    const Bytes ed_sig = ed.sign(message);
    const auto ed_done0 = done(CryptoOp::ed25519_verify);
    EXPECT_TRUE(ed.public_key().verify(message, ed_sig));
    EXPECT_TRUE(ed.public_key().verify(message, ed_sig));
    Bytes ed_tampered = ed_sig;
    ed_tampered[0] ^= 0x80;
    EXPECT_FALSE(ed.public_key().verify(message, ed_tampered));
    EXPECT_FALSE(Ed25519KeyPair::generate(drbg).public_key().verify(message, ed_sig));
    EXPECT_EQ(done(CryptoOp::ed25519_verify), ed_done0 + 3);
}

TEST(ResultMemo, KeysSeparateOperationsAndInputBoundaries) {
    const Bytes ab = str("ab"), c = str("c"), a = str("a"), bc = str("bc");
    const CacheKey k = result_memo_key(CryptoOp::es256_sign, {ab, c});
    EXPECT_EQ(result_memo_key(CryptoOp::es256_sign, {ab, c}), k);
    EXPECT_NE(result_memo_key(CryptoOp::es256_sign, {a, bc}), k);
    EXPECT_NE(result_memo_key(CryptoOp::ed25519_sign, {ab, c}), k);
    EXPECT_NE(result_memo_key(CryptoOp::es256_sign, {ab, c, {}}), k);
}

TEST(ResultMemo, HoldsAtMostItsCapacity) {
    const Bytes tag = str("capacity test");
    auto key_of = [&](std::size_t i) {
        const Bytes n = str(std::to_string(i));
        return result_memo_key(CryptoOp::es256_sign, {tag, n});
    };
    for (std::size_t i = 0; i <= kResultMemoCapacity; ++i) {
        remember_signature(key_of(i), Bytes{1, 2, 3});
        remember_verdict(key_of(i), true);
    }
    EXPECT_EQ(find_remembered_signature(key_of(0)), nullptr);  // the least recently used went
    EXPECT_FALSE(find_remembered_verdict(key_of(0)).has_value());
    ASSERT_NE(find_remembered_signature(key_of(kResultMemoCapacity)), nullptr);
    EXPECT_EQ(*find_remembered_signature(key_of(kResultMemoCapacity)), (Bytes{1, 2, 3}));
    EXPECT_EQ(find_remembered_verdict(key_of(kResultMemoCapacity)), true);

    forget_remembered_results();
    EXPECT_EQ(find_remembered_signature(key_of(kResultMemoCapacity)), nullptr);
    EXPECT_FALSE(find_remembered_verdict(key_of(kResultMemoCapacity)).has_value());
}

}  // namespace
}  // namespace nk3::crypto
