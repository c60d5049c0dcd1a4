#include "crypto/openssl_error.hpp"

#include <openssl/err.h>

namespace nk3::crypto {

std::string drain_openssl_errors() {
    std::string out;
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof(buf));
        if (!out.empty()) out += "; ";
        out += buf;
    }
    return out;
}

void throw_openssl_error(std::string_view context) {
    std::string message(context);
    const std::string queue = drain_openssl_errors();
    message += ": ";
    message += queue.empty() ? std::string("unknown OpenSSL error") : queue;
    throw CryptoError(message);
}

void throw_crypto_error(std::string_view message) {
    throw CryptoError(std::string(message));
}

void clear_openssl_errors() noexcept {
    ERR_clear_error();
}

}  // namespace nk3::crypto
