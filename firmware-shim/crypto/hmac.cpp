#include "crypto/hmac.hpp"

#include <openssl/core_names.h>

#include <array>

#include "crypto/op_counters.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/ossl_handles.hpp"
#include "crypto/sha.hpp"

namespace nk3::crypto {

namespace {

EVP_MAC* hmac_algorithm() {
    // Fetched once; EVP_MAC objects are immutable and safe to share between threads.
    static const EvpMacPtr mac{EVP_MAC_fetch(nullptr, "HMAC", nullptr)};
    if (!mac) throw_openssl_error("EVP_MAC_fetch(HMAC)");
    return mac.get();
}

// The calling thread's HMAC context with its digest (SHA-256) already set: setting the digest
// fetches it by name, which costs more than the MAC of a short message. EVP_MAC_init with a new
// key and no parameters starts a fresh MAC under that digest. hmac_sha256 does not call itself,
// so one context per thread is enough.
EVP_MAC_CTX* hmac_context() {
    thread_local const EvpMacCtxPtr ctx = [] {
        EvpMacCtxPtr c{EVP_MAC_CTX_new(hmac_algorithm())};
        if (!c) throw_openssl_error("EVP_MAC_CTX_new");
        char digest[] = "SHA256";
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
            OSSL_PARAM_construct_end(),
        };
        if (EVP_MAC_CTX_set_params(c.get(), params) != 1) {
            throw_openssl_error("EVP_MAC_CTX_set_params(HMAC-SHA-256)");
        }
        return c;
    }();
    return ctx.get();
}

}  // namespace

Bytes hmac_sha256(ByteView key, std::initializer_list<ByteView> message_parts) {
    count_op(CryptoOp::hmac_sha256);
    EVP_MAC_CTX* ctx = hmac_context();
    // HMAC pads the key with zeros to the block size, so an empty key is the same key as a single
    // zero byte; OpenSSL 3.0 rejects a zero-length key, hence the substitution.
    static constexpr std::array<std::uint8_t, 1> kZeroKey{0};
    const ByteView effective_key = key.empty() ? ByteView{kZeroKey} : key;
    if (EVP_MAC_init(ctx, effective_key.data(), effective_key.size(), nullptr) != 1) {
        throw_openssl_error("EVP_MAC_init(HMAC-SHA-256)");
    }
    for (const ByteView part : message_parts) {
        if (!part.empty() && EVP_MAC_update(ctx, part.data(), part.size()) != 1) {
            throw_openssl_error("EVP_MAC_update");
        }
    }
    Bytes out(kSha256Size);
    std::size_t len = 0;
    if (EVP_MAC_final(ctx, out.data(), &len, out.size()) != 1) {
        throw_openssl_error("EVP_MAC_final");
    }
    out.resize(len);
    return out;
}

Bytes hmac_sha256(ByteView key, ByteView message) {
    return hmac_sha256(key, {message});
}

}  // namespace nk3::crypto
