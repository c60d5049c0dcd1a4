#pragma once
// Which LinkEvent a CTAPHID report on the wire is, for the HID I/Os that report them (SimHidIo,
// HidrawIo): a request starts with any initialization packet the host writes but CANCEL (INIT
// included); an answer's first report is an initialization packet the key sends, a KEEPALIVE
// or anything else (the response).

#include <optional>

#include "ctaphid/commands.hpp"
#include "ctaphid/packet.hpp"
#include "rig/link.hpp"

namespace nk3::rig {

// An initialization packet of command `cmd` (byte 4: bit 7 and the command).
inline bool is_init_with_cmd(const ctaphid::Report& report, std::uint8_t cmd) {
    return report[4] == (ctaphid::kInitBit | cmd);
}

// request_sent for the first report of a request; nullopt for continuations and CANCEL.
inline std::optional<LinkEvent> event_of_written(const ctaphid::Report& report) {
    if (!ctaphid::is_init_packet(report) || is_init_with_cmd(report, ctaphid::cmd::kCancel))
        return std::nullopt;
    return LinkEvent::request_sent;
}

// keepalive or response for an answer's initialization packet; nullopt for continuations.
inline std::optional<LinkEvent> event_of_read(const ctaphid::Report& report) {
    if (!ctaphid::is_init_packet(report)) return std::nullopt;
    return is_init_with_cmd(report, ctaphid::cmd::kKeepalive) ? LinkEvent::keepalive
                                                              : LinkEvent::response;
}

}  // namespace nk3::rig
