// HKDF-SHA-256 (RFC 5869) over EVP_KDF "HKDF".
#pragma once

#include <cstddef>

#include "crypto/bytes.hpp"

namespace nk3::crypto {

// Extract-then-expand HKDF-SHA-256 producing `length` bytes (1 .. 255*32). An empty salt means
// the RFC 5869 default (32 zero bytes).
Bytes hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, std::size_t length);

}  // namespace nk3::crypto
