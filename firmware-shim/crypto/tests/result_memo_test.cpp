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

// How many operations of one kind were computed, and how many results given again, since it
// was made.
class OpCount {
  public:
    explicit OpCount(CryptoOp op)
        : op_(op), done_(crypto_op_counts()[index()]), reused_(crypto_reused_counts()[index()]) {}
    std::uint64_t done() const { return crypto_op_counts()[index()] - done_; }
    std::uint64_t reused() const { return crypto_reused_counts()[index()] - reused_; }

  private:
    std::size_t index() const { return static_cast<std::size_t>(op_); }
    CryptoOp op_;
    std::uint64_t done_;
    std::uint64_t reused_;
};

TEST(ResultMemo, AnEs256SignatureIsComputedOnceAndGivenAgainUnchanged) {
    Drbg drbg(7001);
    const auto key = P256KeyPair::generate(drbg);
    const Bytes message = str("authenticator data || clientDataHash");
    const OpCount signs(CryptoOp::es256_sign);

    const Bytes first = key.sign_es256(message);
    EXPECT_EQ(first, ecdsa_p256_sha256_sign_rfc6979_scalar(key.scalar(), message));
    EXPECT_EQ(signs.done(), 2u);  // sign_es256 and the direct call
    EXPECT_EQ(signs.reused(), 0u);

    EXPECT_EQ(key.sign_es256(message), first);
    EXPECT_EQ(signs.done(), 2u);
    EXPECT_EQ(signs.reused(), 1u);

    // Another message, or another key over the same message: computed, and different.
    const Bytes other_message = str("authenticator data || clientDataHasH");
    const Bytes second = key.sign_es256(other_message);
    EXPECT_NE(second, first);
    EXPECT_EQ(second, ecdsa_p256_sha256_sign_rfc6979_scalar(key.scalar(), other_message));
    const auto other_key = P256KeyPair::generate(drbg);
    const Bytes third = other_key.sign_es256(message);
    EXPECT_NE(third, first);
    EXPECT_TRUE(other_key.public_key().verify_es256(message, third));
    EXPECT_EQ(signs.done(), 5u);  // two more signatures by key, one direct, one by other_key
    EXPECT_EQ(signs.reused(), 1u);
}

TEST(ResultMemo, AnEd25519SignatureIsComputedOnceAndGivenAgainUnchanged) {
    Drbg drbg(7002);
    const auto key = Ed25519KeyPair::generate(drbg);
    const Bytes message = str("ssh login");
    const OpCount signs(CryptoOp::ed25519_sign);
    const Bytes first = key.sign(message);
    EXPECT_EQ(key.sign(message), first);
    EXPECT_EQ(signs.done(), 1u);
    EXPECT_EQ(signs.reused(), 1u);

    // The same seed imported again signs the same; another seed, or message, does not.
    EXPECT_EQ(Ed25519KeyPair::from_private_bytes(key.private_bytes()).sign(message), first);
    const auto other_key = Ed25519KeyPair::generate(drbg);
    EXPECT_NE(other_key.sign(message), first);
    EXPECT_NE(key.sign(str("ssh logim")), first);
    EXPECT_EQ(signs.done(), 3u);
    EXPECT_TRUE(key.public_key().verify(message, first));
}

TEST(ResultMemo, AVerdictIsRememberedForItsExactKeyMessageAndSignature) {
    Drbg drbg(7003);
    const auto key = P256KeyPair::generate(drbg);
    const auto pub = key.public_key();
    const Bytes message = str("signed");
    const Bytes sig = key.sign_es256(message);
    const OpCount verifications(CryptoOp::es256_verify);

    EXPECT_TRUE(pub.verify_es256(message, sig));
    EXPECT_TRUE(pub.verify_es256(message, sig));
    EXPECT_EQ(verifications.done(), 1u);
    EXPECT_EQ(verifications.reused(), 1u);

    // A true verdict says nothing about any other input: each of these is computed, and false.
    Bytes tampered = sig;
    tampered.back() ^= 0x01;
    EXPECT_FALSE(pub.verify_es256(message, tampered));
    EXPECT_FALSE(pub.verify_es256(str("signeD"), sig));
    EXPECT_FALSE(P256KeyPair::generate(drbg).public_key().verify_es256(message, sig));
    EXPECT_EQ(verifications.done(), 4u);
    // A false verdict is remembered too.
    EXPECT_FALSE(pub.verify_es256(message, tampered));
    EXPECT_EQ(verifications.reused(), 2u);

    const auto ed = Ed25519KeyPair::generate(drbg);
    const Bytes ed_sig = ed.sign(message);
    const OpCount ed_verifications(CryptoOp::ed25519_verify);
    EXPECT_TRUE(ed.public_key().verify(message, ed_sig));
    EXPECT_TRUE(ed.public_key().verify(message, ed_sig));
    Bytes ed_tampered = ed_sig;
    ed_tampered[0] ^= 0x80;
    EXPECT_FALSE(ed.public_key().verify(message, ed_tampered));
    EXPECT_FALSE(Ed25519KeyPair::generate(drbg).public_key().verify(message, ed_sig));
    EXPECT_EQ(ed_verifications.done(), 3u);
    EXPECT_EQ(ed_verifications.reused(), 1u);
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
    auto& signatures = remembered_signatures();
    auto& verdicts = remembered_verdicts();
    for (std::size_t i = 0; i <= kResultMemoCapacity; ++i) {
        signatures.put(key_of(i), std::make_shared<const Bytes>(Bytes{1, 2, 3}));
        verdicts.put(key_of(i), std::make_shared<const bool>(true));
    }
    EXPECT_EQ(signatures.size(), kResultMemoCapacity);
    EXPECT_EQ(verdicts.size(), kResultMemoCapacity);
    EXPECT_EQ(signatures.find(key_of(0)), nullptr);  // the least recently used went
    EXPECT_EQ(verdicts.find(key_of(0)), nullptr);
    const auto last = key_of(kResultMemoCapacity);
    ASSERT_NE(signatures.find(last), nullptr);
    EXPECT_EQ(*signatures.find(last), (Bytes{1, 2, 3}));
    ASSERT_NE(verdicts.find(last), nullptr);
    EXPECT_TRUE(*verdicts.find(last));

    forget_remembered_results();
    EXPECT_EQ(signatures.size(), 0u);
    EXPECT_EQ(verdicts.size(), 0u);
}

}  // namespace
}  // namespace nk3::crypto
