#include "crypto/bytes.hpp"

#include <openssl/crypto.h>

namespace nk3::crypto {

bool constant_time_equal(ByteView a, ByteView b) noexcept {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void secure_wipe(std::span<std::uint8_t> buffer) noexcept {
    if (!buffer.empty()) OPENSSL_cleanse(buffer.data(), buffer.size());
}

}  // namespace nk3::crypto
