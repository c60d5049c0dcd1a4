// Error type of the crypto layer and helpers that turn the OpenSSL error queue into it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace nk3::crypto {

// Thrown by every nk3::crypto function on an OpenSSL failure or a violated precondition (wrong key
// or nonce length, ...). Verification failures are never reported through it: they return false
// or std::nullopt. The message never contains key material.
class CryptoError : public std::runtime_error {
  public:
    explicit CryptoError(const std::string& message) : std::runtime_error(message) {}
};

// Drains the calling thread's OpenSSL error queue into a "; "-joined string (empty if none).
std::string drain_openssl_errors();

// Throws CryptoError("<context>: <drained OpenSSL error queue>").
[[noreturn]] void throw_openssl_error(std::string_view context);

// Throws CryptoError(message) without consulting OpenSSL; for precondition violations.
[[noreturn]] void throw_crypto_error(std::string_view message);

// Discards the OpenSSL error queue; used after an expected failure (e.g. a bad signature) so
// that stale entries do not leak into a later error message.
void clear_openssl_errors() noexcept;

}  // namespace nk3::crypto
