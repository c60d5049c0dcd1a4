// One EVP_DigestVerify of a whole message with a public key: what ES256 (digest "SHA256") and
// Ed25519 (no digest: the message itself) verification share.
#pragma once

#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/ossl_handles.hpp"

namespace nk3::crypto {

// true if `signature` is `key`'s over `message`; false for a wrong or malformed one. `digest`:
// the EVP digest name, or nullptr for schemes that take the message whole. Throws CryptoError
// (naming `scheme`) when OpenSSL cannot set the verification up.
bool evp_verify(EVP_PKEY* key, const char* digest, ByteView message, ByteView signature,
                std::string_view scheme);

}  // namespace nk3::crypto
