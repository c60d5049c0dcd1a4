// APDU length parsing (short and extended).

#include "fido/apdu.hpp"

namespace nk3::fido {

std::optional<Apdu> parse_apdu(crypto::ByteView in) {
    if (in.size() < 4) return std::nullopt;
    Apdu a{in[0], in[1], in[2], in[3], {}};
    const auto body = in.subspan(4);
    const std::size_t n = body.size();
    if (n == 0 || n == 1) return a;  // case 1, or case 2 short (Le only)
    if (body[0] != 0) {
        // Short: Lc data [Le]
        const std::size_t lc = body[0];
        if (n != 1 + lc && n != 2 + lc) return std::nullopt;
        a.data.assign(body.begin() + 1, body.begin() + 1 + static_cast<long>(lc));
        return a;
    }
    if (n < 3) return std::nullopt;
    const std::size_t lc = (static_cast<std::size_t>(body[1]) << 8) | body[2];
    if (n == 3) return a;  // case 2 extended: Le only
    if (lc == 0) {
        if (n == 5) return a;  // 00 0000 then Le: lenient "no data"
        return std::nullopt;
    }
    if (n != 3 + lc && n != 5 + lc) return std::nullopt;
    a.data.assign(body.begin() + 3, body.begin() + 3 + static_cast<long>(lc));
    return a;
}

}  // namespace nk3::fido
