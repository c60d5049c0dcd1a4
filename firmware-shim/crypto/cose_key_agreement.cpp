// COSE_Key of a key agreement key: written and read.
#include "crypto/cose_key_agreement.hpp"

namespace nk3::crypto {

cbor::Value cose_key_agreement(const P256PublicKey& key) {
    return cbor::map({{1, 2}, {3, kCoseAlgEcdhEsHkdf256}, {-1, 1}, {-2, key.x()}, {-3, key.y()}});
}

CoseKeyAgreement read_cose_key_agreement(const cbor::Value& key) {
    (void)key.as_map();  // unexpected_type unless a map
    const cbor::Value* kty = key.find(cbor::Value(1));
    const cbor::Value* alg = key.find(cbor::Value(3));
    const cbor::Value* crv = key.find(cbor::Value(-1));
    const cbor::Value* x = key.find(cbor::Value(-2));
    const cbor::Value* y = key.find(cbor::Value(-3));
    CoseKeyAgreement out;
    if (!kty || !crv || !x || !y) {
        out.fault = CoseKeyAgreement::Fault::incomplete;
        return out;
    }
    if (alg && alg->is_int()) out.alg = alg->as_int();
    if (kty->as_int() != 2 || crv->as_int() != 1 || x->as_bytes().size() != 32 ||
        y->as_bytes().size() != 32) {
        out.fault = CoseKeyAgreement::Fault::unsupported;
        return out;
    }
    out.x = x->as_bytes();
    out.y = y->as_bytes();
    return out;
}

}  // namespace nk3::crypto
