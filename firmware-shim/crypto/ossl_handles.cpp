#include "crypto/ossl_handles.hpp"

#include "crypto/openssl_error.hpp"

namespace nk3::crypto {

EvpPkeyPtr share_pkey(EVP_PKEY* pkey) {
    if (pkey == nullptr) return EvpPkeyPtr{};
    if (EVP_PKEY_up_ref(pkey) != 1) throw_openssl_error("EVP_PKEY_up_ref");
    return EvpPkeyPtr{pkey};
}

}  // namespace nk3::crypto
