#pragma once
// The application side of the transport: whatever answers MSG (U2F/CTAP1), CBOR (CTAP2) and the
// vendor commands 0x40..0x7F (the NK3 uses 0x51, 0x53, 0x61, 0x62, 0x72).
//
// Contract (single-threaded; see README.md):
//  * handle() is called once per complete request, from inside Transport::receive(). It returns
//    the response, or std::nullopt when the request stays pending (e.g. waiting for user
//    presence). While pending, the transport sends KEEPALIVE every keepalive_interval with the
//    status byte keepalive_status(cid) and the channel stays busy until the application calls
//    Transport::complete(cid, ...). complete() may also be called from inside handle() (the
//    return value of handle() is then ignored), from cancel(), or later.
//  * A response's cmd is normally the request's command; Response::error() builds a CTAPHID
//    ERROR response (e.g. INVALID_CMD for a vendor command the application does not know).
//  * cancel(cid) is called when CTAPHID_CANCEL arrives on the channel of the request being
//    processed (at most once per request). The application must then complete the request;
//    for CBOR with the one-byte CTAP2 status kCtap2ErrKeepaliveCancel (0x2D). CANCEL itself is
//    never answered.
//  * abort(cid) is called when the transport drops the request being processed because INIT
//    resynchronised its channel. The application must not complete that request any more.
//  * Transport::reset() (power cycle) calls nothing: the owner power-cycles the application too.
//  * An exception escaping a callback propagates out of Transport::receive() or tick()
//    untouched: in the simulator that is flash::PowerLoss, which must reach the device's power
//    loop as a brown-out stops the MCU. The owner then calls Transport::reset(). Errors the
//    application means to report are responses (Response::error(), CTAP2 status bytes).
//    No callback may call Transport::receive(), tick() or reset().

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/sim_time.hpp"
#include "ctaphid/commands.hpp"

namespace nk3::ctaphid {

struct Response {
    std::uint8_t cmd = 0;  // command code without bit 7
    std::vector<std::uint8_t> payload;

    static Response error(std::uint8_t code) { return Response{cmd::kError, {code}}; }
};

class Application {
  public:
    virtual ~Application() = default;

    virtual std::optional<Response> handle(std::uint32_t cid, std::uint8_t cmd,
                                           std::span<const std::uint8_t> payload, SimTime now) = 0;
    virtual void cancel(std::uint32_t cid) = 0;
    virtual void abort(std::uint32_t cid) = 0;
    // keepalive::kProcessing or keepalive::kUpNeeded.
    virtual std::uint8_t keepalive_status(std::uint32_t cid) const = 0;
};

}  // namespace nk3::ctaphid
