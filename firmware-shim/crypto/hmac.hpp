// HMAC-SHA-256 over EVP_MAC "HMAC".
#pragma once

#include <initializer_list>

#include "crypto/bytes.hpp"

namespace nk3::crypto {

// HMAC-SHA-256(key, message), 32 bytes. Any key length, including empty, is accepted.
Bytes hmac_sha256(ByteView key, ByteView message);

// HMAC-SHA-256(key, part_1 || part_2 || ...), without concatenating the parts first.
Bytes hmac_sha256(ByteView key, std::initializer_list<ByteView> message_parts);

}  // namespace nk3::crypto
