#pragma once
// One CTAP2 request on a CtaphidChannel (CTAPHID_CBOR, 0x10): the command byte and its
// parameter map in canonical CBOR out; the status byte and the decoded answer back. The answer
// is a key's bytes, so it is read strictly (cbor::decode: one item, definite lengths, no
// duplicate keys) and a defect becomes a failed status naming the request and what was wrong,
// never an exception.

#include <cstdint>
#include <optional>
#include <string>

#include "cbor/value.hpp"
#include "rig/link/ctaphid_channel.hpp"

namespace nk3::rig {

struct Ctap2Answer {
    // FIDO_OK; the key's CTAP2 status byte (libfido2 gives CTAP2 codes the same numbers:
    // FIDO_ERR_PIN_INVALID is 0x31); FIDO_ERR_TX / FIDO_ERR_RX for the transport or an answer
    // that does not parse.
    int status = FIDO_OK;
    std::string text;  // "<what>: <fido_strerr or the defect>" when not ok
    cbor::Value body;  // the answer's map (null when the key sent only the status byte)
    bool ok() const { return status == FIDO_OK; }
};

// `what` names the request in texts ("enumerateRPsBegin"). `params` null: no parameters.
Ctap2Answer ctap2_request(CtaphidChannel& channel, const char* what, std::uint8_t command,
                          const cbor::Value* params);

// An answer's failure as a status: code and "<what>: <text>".
Ctap2Answer ctap2_failure(const char* what, int status, const std::string& text);

}  // namespace nk3::rig
