// UTF-8-safe truncation of user names.

#include "fido/user_text.hpp"

#include <cstdint>

namespace nk3::fido {

std::string truncate_utf8(const std::string& s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t n = max;
    while (n > 0 && (static_cast<std::uint8_t>(s[n]) & 0xC0) == 0x80)
        --n;
    return s.substr(0, n);
}

}  // namespace nk3::fido
