#include "crypto/hkdf.hpp"

#include <openssl/core_names.h>

#include <vector>

#include "crypto/openssl_error.hpp"
#include "crypto/ossl_handles.hpp"

namespace nk3::crypto {

namespace {

// Fetched once (a fetch is a name lookup in the provider store); EVP_KDF objects are immutable
// and safe to share between threads. The context stays per call: OpenSSL 3.0 cannot duplicate an
// HKDF context, and a reused one would keep the salt and info of the previous call when this one
// has none.
EVP_KDF* hkdf_algorithm() {
    static const EvpKdfPtr kdf{EVP_KDF_fetch(nullptr, "HKDF", nullptr)};
    if (!kdf) throw_openssl_error("EVP_KDF_fetch(HKDF)");
    return kdf.get();
}

}  // namespace

Bytes hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, std::size_t length) {
    if (length == 0 || length > 255 * 32) throw_crypto_error("hkdf_sha256: invalid output length");
    EvpKdfCtxPtr ctx{EVP_KDF_CTX_new(hkdf_algorithm())};
    if (!ctx) throw_openssl_error("EVP_KDF_CTX_new");

    // OSSL_PARAM takes non-const pointers but does not write through them when setting.
    auto mutable_ptr = [](ByteView v) { return const_cast<std::uint8_t*>(v.data()); };
    char digest[] = "SHA256";
    std::uint8_t empty_byte = 0;
    std::vector<OSSL_PARAM> params;
    params.push_back(OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0));
    params.push_back(OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_KEY, ikm.empty() ? &empty_byte : mutable_ptr(ikm), ikm.size()));
    if (!salt.empty()) {
        params.push_back(
            OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, mutable_ptr(salt), salt.size()));
    }
    if (!info.empty()) {
        params.push_back(
            OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, mutable_ptr(info), info.size()));
    }
    params.push_back(OSSL_PARAM_construct_end());

    Bytes out(length);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params.data()) != 1) {
        throw_openssl_error("EVP_KDF_derive(HKDF-SHA-256)");
    }
    return out;
}

}  // namespace nk3::crypto
