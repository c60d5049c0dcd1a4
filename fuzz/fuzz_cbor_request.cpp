// libFuzzer harness: a CTAP2 request's CBOR, decoded and read as a parameter map the way the
// authenticator's commands do (every typed accessor on keys 0..20, nested text-keyed maps).
// CborError is the expected way to refuse; anything else escaping is a bug.

#include <cstddef>
#include <cstdint>

#include "cbor/cbor_error.hpp"
#include "cbor/decode.hpp"
#include "cbor/request_map.hpp"

using namespace nk3::cbor;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const Value v = decode(ByteView(data, size));
        const IntKeyMap m(v);
        for (std::uint64_t key = 0; key <= 20; ++key) {
            try {
                if (m.bytes(key) || m.text(key) || m.array(key)) continue;
                if (const Value* nested = m.map(key)) TextKeyMap text_keys(*nested);
            } catch (const CborError&) {
            }
        }
    } catch (const CborError&) {
    }
    return 0;
}
