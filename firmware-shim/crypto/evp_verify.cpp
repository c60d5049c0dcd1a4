#include "crypto/evp_verify.hpp"

#include <string>

#include "crypto/openssl_error.hpp"

namespace nk3::crypto {

bool evp_verify(EVP_PKEY* key, const char* digest, ByteView message, ByteView signature,
                std::string_view scheme) {
    EvpMdCtxPtr ctx{EVP_MD_CTX_new()};
    if (!ctx) throw_openssl_error("EVP_MD_CTX_new");
    if (EVP_DigestVerifyInit_ex(ctx.get(), nullptr, digest, nullptr, nullptr, key, nullptr) != 1)
        throw_openssl_error("EVP_DigestVerifyInit_ex(" + std::string(scheme) + ")");
    const int rc = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                                    data_or_dummy(message), message.size());
    if (rc != 1) clear_openssl_errors();
    return rc == 1;
}

}  // namespace nk3::crypto
