#include "crypto/aes_cbc.hpp"

#include <climits>

#include "crypto/aes_gcm.hpp"
#include "crypto/op_counters.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/ossl_handles.hpp"

namespace nk3::crypto {

namespace {

// Fetched once (a fetch is a name lookup in the provider store, dearer than a PIN-sized
// message); EVP_CIPHER objects are immutable and safe to share between threads.
const EVP_CIPHER* cbc_algorithm() {
    static const EvpCipherPtr cipher{EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr)};
    if (!cipher) throw_openssl_error("EVP_CIPHER_fetch(AES-256-CBC)");
    return cipher.get();
}

Bytes aes256_cbc(bool encrypt, ByteView key, ByteView iv, ByteView input) {
    count_op(CryptoOp::aes256);
    if (key.size() != kAes256KeySize) throw_crypto_error("AES-256-CBC: key must be 32 bytes");
    if (iv.size() != kAesBlockSize) throw_crypto_error("AES-256-CBC: IV must be 16 bytes");
    if (input.size() % kAesBlockSize != 0) {
        throw_crypto_error("AES-256-CBC: input length must be a multiple of 16 (no padding)");
    }
    if (input.size() > static_cast<std::size_t>(INT_MAX) - kAesBlockSize) {
        throw_crypto_error("AES-256-CBC: input too large");
    }
    if (input.empty()) return {};
    const EVP_CIPHER* cipher = cbc_algorithm();
    EvpCipherCtxPtr ctx{EVP_CIPHER_CTX_new()};
    if (!ctx) throw_openssl_error("EVP_CIPHER_CTX_new");
    if (EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), iv.data(), encrypt ? 1 : 0, nullptr) !=
        1) {
        throw_openssl_error("EVP_CipherInit_ex2(AES-256-CBC)");
    }
    if (EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1) {
        throw_openssl_error("EVP_CIPHER_CTX_set_padding");
    }
    Bytes out(input.size() + kAesBlockSize);
    int len = 0;
    if (EVP_CipherUpdate(ctx.get(), out.data(), &len, input.data(),
                         static_cast<int>(input.size())) != 1) {
        throw_openssl_error("EVP_CipherUpdate(AES-256-CBC)");
    }
    int written = len;
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + written, &len) != 1) {
        throw_openssl_error("EVP_CipherFinal_ex(AES-256-CBC)");
    }
    written += len;
    out.resize(static_cast<std::size_t>(written));
    return out;
}

}  // namespace

Bytes aes256_cbc_encrypt(ByteView key, ByteView iv, ByteView plaintext) {
    return aes256_cbc(true, key, iv, plaintext);
}

Bytes aes256_cbc_decrypt(ByteView key, ByteView iv, ByteView ciphertext) {
    return aes256_cbc(false, key, iv, ciphertext);
}

}  // namespace nk3::crypto
