// BoundedCache: bounded (least recently used out), one value per key, safe from several threads;
// and the key-pair caches behind P256KeyPair / Ed25519KeyPair.

#include "crypto/bounded_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "crypto/ec_p256.hpp"
#include "crypto/ecdh_p256.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/op_counters.hpp"

namespace nk3::crypto {
namespace {

CacheKey key_of(std::uint8_t b) {
    CacheKey k{};
    k.fill(b);
    return k;
}

TEST(BoundedCache, KeepsAtMostItsCapacityAndEvictsTheLeastRecentlyUsed) {
    BoundedCache<int> cache(2);
    cache.put(key_of(1), std::make_shared<const int>(1));
    cache.put(key_of(2), std::make_shared<const int>(2));
    ASSERT_NE(cache.find(key_of(1)), nullptr);  // 1 is now the most recently used
    cache.put(key_of(3), std::make_shared<const int>(3));
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_EQ(cache.find(key_of(2)), nullptr);
    EXPECT_EQ(*cache.find(key_of(1)), 1);
    EXPECT_EQ(*cache.find(key_of(3)), 3);
}

TEST(BoundedCache, TheFirstValuePutForAKeyStays) {
    BoundedCache<int> cache(4);
    const auto first = cache.put(key_of(1), std::make_shared<const int>(1));
    const auto second = cache.put(key_of(1), std::make_shared<const int>(2));
    EXPECT_EQ(first, second);
    EXPECT_EQ(*cache.find(key_of(1)), 1);
}

TEST(BoundedCache, FindOrPutMakesOnlyWhatIsMissingAndStoresNoNullptr) {
    BoundedCache<int> cache(4);
    int made = 0;
    auto make = [&](int v) {
        return [&made, v] {
            ++made;
            return std::make_shared<const int>(v);
        };
    };
    EXPECT_EQ(*cache.find_or_put(key_of(1), make(1)), 1);
    EXPECT_EQ(*cache.find_or_put(key_of(1), make(2)), 1);  // found: not made again
    EXPECT_EQ(made, 1);
    EXPECT_EQ(cache.find_or_put(key_of(2), [] { return std::shared_ptr<const int>(); }), nullptr);
    EXPECT_EQ(cache.find(key_of(2)), nullptr);
    EXPECT_EQ(cache.size(), 1u);
}

TEST(BoundedCache, ManyThreadsManyKeysStayBounded) {
    BoundedCache<int> cache(16);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&cache, t] {
            for (int i = 0; i < 2000; ++i) {
                const auto k = key_of(static_cast<std::uint8_t>((i * 7 + t) % 40));
                if (auto hit = cache.find(k)) {
                    EXPECT_EQ(*hit, (i * 7 + t) % 40);
                } else {
                    cache.put(k, std::make_shared<const int>((i * 7 + t) % 40));
                }
            }
        });
    for (auto& t : threads)
        t.join();
    EXPECT_LE(cache.size(), 16u);
}

TEST(KeyPairCache, TheSameScalarSharesOneKeyAndComputesItsPointOnce) {
    Drbg drbg(900);
    const Bytes scalar = P256KeyPair::generate(drbg).private_bytes();
    const auto before = crypto_op_counts();
    const auto a = P256KeyPair::from_private_bytes(scalar);
    const auto b = P256KeyPair::from_private_bytes(scalar);
    const auto after = crypto_op_counts();
    EXPECT_EQ(after[static_cast<std::size_t>(CryptoOp::p256_base_mul)],
              before[static_cast<std::size_t>(CryptoOp::p256_base_mul)]);  // generate made it
    EXPECT_EQ(a.native(), b.native());
    EXPECT_EQ(a.public_key().uncompressed(), b.public_key().uncompressed());
    EXPECT_EQ(a.sign_es256(as_bytes("m")), b.sign_es256(as_bytes("m")));
}

TEST(KeyPairCache, KeysFromManyThreadsAgree) {
    Drbg drbg(901);
    std::vector<Bytes> scalars;
    for (int i = 0; i < 8; ++i)
        scalars.push_back(P256KeyPair::generate(drbg).private_bytes());
    std::vector<Bytes> expected;
    for (const auto& s : scalars)
        expected.push_back(P256KeyPair::from_private_bytes(s).public_key().uncompressed());
    const Bytes seed(32, 0x42);
    const Bytes ed_expected = Ed25519KeyPair::from_private_bytes(seed).sign(as_bytes("m"));
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int round = 0; round < 50; ++round)
                for (std::size_t i = 0; i < scalars.size(); ++i) {
                    const auto k = P256KeyPair::from_private_bytes(scalars[i]);
                    if (k.public_key().uncompressed() != expected[i]) ++wrong;
                    const auto peer = P256KeyPair::from_private_bytes(scalars[(i + 1) % 8]);
                    if (ecdh_p256_shared_x(k, peer.public_key()) !=
                        ecdh_p256_shared_x(peer, k.public_key()))
                        ++wrong;
                    if (Ed25519KeyPair::from_private_bytes(seed).sign(as_bytes("m")) != ed_expected)
                        ++wrong;
                }
        });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace nk3::crypto
