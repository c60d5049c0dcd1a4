#include "crypto/result_memo.hpp"

#include <array>
#include <cstdint>

#include "common/endian.hpp"
#include "crypto/sha.hpp"

namespace nk3::crypto {

namespace {

BoundedCache<Bytes>& signatures() {
    static BoundedCache<Bytes> cache(kResultMemoCapacity);
    return cache;
}

BoundedCache<bool>& verdicts() {
    static BoundedCache<bool> cache(kResultMemoCapacity);
    return cache;
}

}  // namespace

CacheKey result_memo_key(CryptoOp op, std::initializer_list<ByteView> inputs) {
    Sha256 h;
    const std::array<std::uint8_t, 1> code{static_cast<std::uint8_t>(op)};
    h.update(code);
    for (const ByteView input : inputs) {
        std::array<std::uint8_t, 8> length{};
        store_be64(length.data(), input.size());
        h.update(length).update(input);
    }
    Bytes digest = h.finish();
    const CacheKey key = cache_key(digest);
    secure_wipe(digest);
    return key;
}

std::shared_ptr<const Bytes> find_remembered_signature(const CacheKey& key) {
    return signatures().find(key);
}

void remember_signature(const CacheKey& key, const Bytes& signature) {
    signatures().put(key, std::make_shared<const Bytes>(signature));
}

std::optional<bool> find_remembered_verdict(const CacheKey& key) {
    if (const auto hit = verdicts().find(key)) return *hit;
    return std::nullopt;
}

void remember_verdict(const CacheKey& key, bool valid) {
    verdicts().put(key, std::make_shared<const bool>(valid));
}

void forget_remembered_results() {
    signatures().clear();
    verdicts().clear();
}

}  // namespace nk3::crypto
