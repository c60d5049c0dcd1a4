// Byte-buffer vocabulary of nk3::crypto.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace nk3::crypto {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Views the characters of a string as bytes (no terminator).
inline ByteView as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// A pointer OpenSSL accepts for a message that may be empty (some EVP calls reject nullptr
// even with a zero length).
inline const std::uint8_t* data_or_dummy(ByteView v) {
    static constexpr std::uint8_t kEmpty = 0;
    return v.empty() ? &kEmpty : v.data();
}

// Constant-time equality of two buffers (CRYPTO_memcmp); false if the lengths differ.
bool constant_time_equal(ByteView a, ByteView b) noexcept;

// Overwrites a buffer with zeros in a way the compiler cannot elide (OPENSSL_cleanse).
void secure_wipe(std::span<std::uint8_t> buffer) noexcept;

}  // namespace nk3::crypto
