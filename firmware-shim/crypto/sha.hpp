// SHA-256 (one-shot and incremental) over EVP_Digest.
#pragma once

#include <cstddef>

#include "crypto/bytes.hpp"
#include "crypto/ossl_handles.hpp"

namespace nk3::crypto {

inline constexpr std::size_t kSha256Size = 32;

// SHA-256 of data (32 bytes).
Bytes sha256(ByteView data);

// Incremental SHA-256, e.g. for authenticatorData || clientDataHash.
class Sha256 {
  public:
    Sha256();
    Sha256& update(ByteView data);
    // The length of `data` as 8 big-endian bytes, then `data`: a sequence of framed fields
    // digests differently from any other split of the same bytes.
    Sha256& update_framed(ByteView data);
    // Returns the digest; the object must not be updated or finished again afterwards.
    Bytes finish();

  private:
    EvpMdCtxPtr ctx_;
    bool finished_ = false;
};

}  // namespace nk3::crypto
