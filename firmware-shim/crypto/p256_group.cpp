#include "crypto/p256_group.hpp"

#include <openssl/obj_mac.h>

#include "crypto/openssl_error.hpp"
#include "crypto/ossl_handles.hpp"

namespace nk3::crypto {

const EC_GROUP* p256_group() {
    thread_local const EcGroupPtr group{EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1)};
    if (!group) throw_openssl_error("EC_GROUP_new_by_curve_name(P-256)");
    return group.get();
}

}  // namespace nk3::crypto
