// AES-256-GCM authenticated encryption (96-bit nonce, 128-bit tag) over EVP_CIPHER.
#pragma once

#include <cstddef>
#include <optional>

#include "crypto/bytes.hpp"

namespace nk3::crypto {

inline constexpr std::size_t kAes256KeySize = 32;
inline constexpr std::size_t kGcmNonceSize = 12;
inline constexpr std::size_t kGcmTagSize = 16;

// Returns ciphertext || tag (plaintext.size() + 16 bytes). Throws CryptoError if the key is not
// 32 bytes or the nonce not 12 bytes. The caller supplies the nonce (from a Drbg or a counter,
// which keeps the simulator deterministic) and must never reuse it with the same key.
Bytes aes256_gcm_encrypt(ByteView key, ByteView nonce, ByteView plaintext, ByteView aad = {});

// Decrypts ciphertext || tag. std::nullopt if the tag does not verify (tampered ciphertext,
// wrong key, nonce or AAD) or the input is shorter than a tag. Throws CryptoError for a wrong key
// or nonce length.
std::optional<Bytes> aes256_gcm_decrypt(ByteView key, ByteView nonce, ByteView ciphertext_and_tag,
                                        ByteView aad = {});

}  // namespace nk3::crypto
