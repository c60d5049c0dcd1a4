// The NIST P-256 group as an EC_GROUP for the point arithmetic of nk3::crypto (key pairs, ECDH,
// the RFC 6979 signer). Building one costs about as much as a signature (OpenSSL 3 builds it
// from the curve's parameters every time), so each thread builds it once and keeps it.
#pragma once

#include <openssl/ec.h>

namespace nk3::crypto {

// The calling thread's P-256 group (built on first use; never freed before the thread ends).
// Callers only read it. A thread_local copy avoids relying on EC_GROUP being safe to share.
const EC_GROUP* p256_group();

}  // namespace nk3::crypto
