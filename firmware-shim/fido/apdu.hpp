#pragma once
// ISO 7816-4 command APDUs as U2F uses them (FIDO U2F Raw Message Formats, 3; U2F HID 2.4):
// CLA INS P1 P2, then either nothing, short encoding (Lc 1 byte, data, optional Le 1 byte; or
// Le alone), or extended encoding (0x00, Lc 2 bytes, data, optional Le 2 bytes; or 0x00 and
// Le 2 bytes alone). Like common U2F clients, an extended Lc of 0 followed by a 2-byte Le (what
// python-fido2 sends for VERSION) is accepted as "no data".

#include <cstdint>
#include <optional>

#include "crypto/bytes.hpp"

namespace nk3::fido {

struct Apdu {
    std::uint8_t cla = 0;
    std::uint8_t ins = 0;
    std::uint8_t p1 = 0;
    std::uint8_t p2 = 0;
    crypto::Bytes data;
};

// std::nullopt when the lengths do not add up (SW_WRONG_LENGTH).
std::optional<Apdu> parse_apdu(crypto::ByteView apdu);

}  // namespace nk3::fido
