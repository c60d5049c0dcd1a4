// AES-256-CBC without padding (as the CTAP PIN/UV auth protocols use it) over EVP_CIPHER.
#pragma once

#include <cstddef>

#include "crypto/bytes.hpp"

namespace nk3::crypto {

inline constexpr std::size_t kAesBlockSize = 16;

// Both throw CryptoError unless key is 32 bytes, iv 16 bytes and the input a multiple of 16 bytes
// (no padding is added or removed).
Bytes aes256_cbc_encrypt(ByteView key, ByteView iv, ByteView plaintext);
Bytes aes256_cbc_decrypt(ByteView key, ByteView iv, ByteView ciphertext);

}  // namespace nk3::crypto
