#include "crypto/aes_gcm.hpp"

#include <openssl/core_names.h>

#include <climits>

#include "crypto/op_counters.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/ossl_handles.hpp"

namespace nk3::crypto {

namespace {

// Fetched once (a fetch is a name lookup in the provider store, dearer than sealing a short
// message); EVP_CIPHER objects are immutable and safe to share between threads.
const EVP_CIPHER* gcm_algorithm() {
    static const EvpCipherPtr cipher{EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr)};
    if (!cipher) throw_openssl_error("EVP_CIPHER_fetch(AES-256-GCM)");
    return cipher.get();
}

void check_sizes(ByteView key, ByteView nonce) {
    if (key.size() != kAes256KeySize) throw_crypto_error("AES-256-GCM: key must be 32 bytes");
    if (nonce.size() != kGcmNonceSize) throw_crypto_error("AES-256-GCM: nonce must be 12 bytes");
}

int as_int(std::size_t n) {
    if (n > static_cast<std::size_t>(INT_MAX)) throw_crypto_error("AES-256-GCM: input too large");
    return static_cast<int>(n);
}

}  // namespace

Bytes aes256_gcm_encrypt(ByteView key, ByteView nonce, ByteView plaintext, ByteView aad) {
    count_op(CryptoOp::aes256);
    check_sizes(key, nonce);
    const EVP_CIPHER* cipher = gcm_algorithm();
    EvpCipherCtxPtr ctx{EVP_CIPHER_CTX_new()};
    if (!ctx) throw_openssl_error("EVP_CIPHER_CTX_new");
    // The 12-byte nonce is the GCM default IV length, so no IV-length parameter is needed.
    if (EVP_EncryptInit_ex2(ctx.get(), cipher, key.data(), nonce.data(), nullptr) != 1) {
        throw_openssl_error("EVP_EncryptInit_ex2(AES-256-GCM)");
    }
    int len = 0;
    if (!aad.empty() &&
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), as_int(aad.size())) != 1) {
        throw_openssl_error("EVP_EncryptUpdate(AAD)");
    }
    Bytes out(plaintext.size() + kGcmTagSize);
    int written = 0;
    if (!plaintext.empty()) {
        if (EVP_EncryptUpdate(ctx.get(), out.data(), &len, plaintext.data(),
                              as_int(plaintext.size())) != 1) {
            throw_openssl_error("EVP_EncryptUpdate");
        }
        written = len;
    }
    if (EVP_EncryptFinal_ex(ctx.get(), out.data() + written, &len) != 1) {
        throw_openssl_error("EVP_EncryptFinal_ex");
    }
    written += len;
    if (static_cast<std::size_t>(written) != plaintext.size()) {
        throw_crypto_error("AES-256-GCM: unexpected ciphertext length");
    }
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, out.data() + written,
                                          kGcmTagSize),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_CIPHER_CTX_get_params(ctx.get(), params) != 1) {
        throw_openssl_error("EVP_CIPHER_CTX_get_params(tag)");
    }
    return out;
}

std::optional<Bytes> aes256_gcm_decrypt(ByteView key, ByteView nonce, ByteView ciphertext_and_tag,
                                        ByteView aad) {
    count_op(CryptoOp::aes256);
    check_sizes(key, nonce);
    if (ciphertext_and_tag.size() < kGcmTagSize) return std::nullopt;
    const ByteView ciphertext = ciphertext_and_tag.first(ciphertext_and_tag.size() - kGcmTagSize);
    Bytes tag(ciphertext_and_tag.end() - kGcmTagSize, ciphertext_and_tag.end());

    const EVP_CIPHER* cipher = gcm_algorithm();
    EvpCipherCtxPtr ctx{EVP_CIPHER_CTX_new()};
    if (!ctx) throw_openssl_error("EVP_CIPHER_CTX_new");
    if (EVP_DecryptInit_ex2(ctx.get(), cipher, key.data(), nonce.data(), nullptr) != 1) {
        throw_openssl_error("EVP_DecryptInit_ex2(AES-256-GCM)");
    }
    int len = 0;
    if (!aad.empty() &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), as_int(aad.size())) != 1) {
        throw_openssl_error("EVP_DecryptUpdate(AAD)");
    }
    Bytes out(ciphertext.size() + 16);
    int written = 0;
    if (!ciphertext.empty()) {
        if (EVP_DecryptUpdate(ctx.get(), out.data(), &len, ciphertext.data(),
                              as_int(ciphertext.size())) != 1) {
            throw_openssl_error("EVP_DecryptUpdate");
        }
        written = len;
    }
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag.data(), tag.size()),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_CIPHER_CTX_set_params(ctx.get(), params) != 1) {
        throw_openssl_error("EVP_CIPHER_CTX_set_params(tag)");
    }
    if (EVP_DecryptFinal_ex(ctx.get(), out.data() + written, &len) != 1) {
        // Tag mismatch: discard the unauthenticated plaintext.
        secure_wipe(out);
        clear_openssl_errors();
        return std::nullopt;
    }
    written += len;
    out.resize(static_cast<std::size_t>(written));
    return out;
}

}  // namespace nk3::crypto
