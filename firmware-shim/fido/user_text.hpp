#pragma once
// User and RP names as the authenticator keeps them: CTAP 2.1 lets it truncate to 64 bytes;
// the cut lands on a UTF-8 character boundary so the stored text stays valid.

#include <cstddef>
#include <string>

namespace nk3::fido {

inline constexpr std::size_t kMaxUserTextLength = 64;

std::string truncate_utf8(const std::string& text, std::size_t max = kMaxUserTextLength);

}  // namespace nk3::fido
