// CTAP2 requests over CTAPHID_CBOR with strictly decoded answers.
#include "rig/link/ctap2_exchange.hpp"

#include "cbor/cbor_error.hpp"
#include "cbor/decode.hpp"
#include "cbor/encode.hpp"
#include "ctaphid/commands.hpp"

namespace nk3::rig {

Ctap2Answer ctap2_failure(const char* what, int status, const std::string& text) {
    Ctap2Answer a;
    a.status = status;
    a.text = std::string(what) + ": " + text;
    return a;
}

Ctap2Answer ctap2_request(CtaphidChannel& channel, const char* what, std::uint8_t command,
                          const cbor::Value* params) {
    cbor::Bytes request{command};
    if (params != nullptr) {
        const cbor::Bytes encoded = cbor::encode(*params);
        request.insert(request.end(), encoded.begin(), encoded.end());
    }
    const HidReply reply = channel.transact(ctaphid::cmd::kCbor, request);
    if (!reply.ok()) return ctap2_failure(what, reply.status, reply.text);
    if (reply.payload.empty()) return ctap2_failure(what, FIDO_ERR_RX, "empty answer");
    if (const int status = reply.payload[0]; status != FIDO_OK)
        return ctap2_failure(what, status, fido_strerr(status));
    Ctap2Answer answer;
    if (reply.payload.size() == 1) return answer;
    try {
        answer.body = cbor::decode(cbor::ByteView(reply.payload).subspan(1));
    } catch (const cbor::CborError& e) {
        return ctap2_failure(what, FIDO_ERR_RX, std::string("malformed CBOR answer: ") + e.what());
    }
    if (!answer.body.is_map()) return ctap2_failure(what, FIDO_ERR_RX, "answer is not a CBOR map");
    return answer;
}

}  // namespace nk3::rig
