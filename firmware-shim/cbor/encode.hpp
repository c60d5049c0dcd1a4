#pragma once
// Encoding in the CTAP2 canonical CBOR form (CTAP 2.1, 8 "Message Encoding"): integers and
// lengths in their shortest form, definite lengths only, and map keys sorted by their encoded
// bytes, shorter first, then lexically (the RFC 7049 canonical order CTAP2 adopts; among keys
// of one encoded length: unsigned integers ascending, then negative integers descending (-1, -2,
// ...), then byte strings, then text strings lexically). The bytes are written with libcbor's
// encoders (cbor/encoding.h); each map key is encoded once and the entries are sorted by those
// bytes.
//
// Throws std::logic_error for values that have no encoding (Kind::other) or maps with duplicate
// keys: both are programming errors, never the result of a request.

#include "cbor/value.hpp"

namespace nk3::cbor {

Bytes encode(const Value& value);

}  // namespace nk3::cbor
