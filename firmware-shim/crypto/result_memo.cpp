#include "crypto/result_memo.hpp"

#include <array>
#include <cstdint>

#include "crypto/sha.hpp"

namespace nk3::crypto {

CacheKey result_memo_key(CryptoOp op, std::initializer_list<ByteView> inputs) {
    Sha256 h;
    const std::array<std::uint8_t, 1> code{static_cast<std::uint8_t>(op)};
    h.update(code);
    for (const ByteView input : inputs)
        h.update_framed(input);
    Bytes digest = h.finish();
    const CacheKey key = cache_key(digest);
    secure_wipe(digest);
    return key;
}

BoundedCache<Bytes>& remembered_signatures() {
    static BoundedCache<Bytes> cache(kResultMemoCapacity);
    return cache;
}

BoundedCache<bool>& remembered_verdicts() {
    static BoundedCache<bool> cache(kResultMemoCapacity);
    return cache;
}

void forget_remembered_results() {
    remembered_signatures().clear();
    remembered_verdicts().clear();
}

}  // namespace nk3::crypto
