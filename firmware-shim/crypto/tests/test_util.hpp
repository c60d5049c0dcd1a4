// Hex helpers for the nk3::crypto tests.
#pragma once

#include <string>
#include <string_view>

#include "crypto/bytes.hpp"

namespace nk3::crypto::test {

// Decodes lowercase/uppercase hex (whitespace ignored); aborts the test binary on bad input.
Bytes hex(std::string_view text);

std::string to_hex(ByteView bytes);

// The characters of `text` as an owned byte vector.
Bytes str(std::string_view text);

}  // namespace nk3::crypto::test
