// hmac-secret: input checking and output computation.

#include "fido/hmac_secret.hpp"

#include "cbor/request_map.hpp"
#include "crypto/hmac.hpp"
#include "fido/ctap_status.hpp"
#include "fido/pin_uv_auth.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

HmacSecretInput parse_hmac_secret(Session& s, const cbor::Value& input) {
    cbor::IntKeyMap m(input);
    const auto* key = m.map(1);
    const auto* salt_enc = m.bytes(2);
    const auto* salt_auth = m.bytes(3);
    if (!key || !salt_enc || !salt_auth)
        throw CtapError(status::kMissingParameter, "hmac-secret input incomplete");
    const cbor::Value one(1);
    const auto protocol = pin_protocol(s, m.find(4) ? m.find(4) : &one);
    auto shared = decapsulate(s, *protocol, *key);
    if (!protocol->verify(shared, *salt_enc, *salt_auth))
        throw CtapError(status::kPinAuthInvalid, "saltAuth does not verify");
    auto salts = protocol->decrypt(shared, *salt_enc);
    if (!salts || (salts->size() != 32 && salts->size() != 64))
        throw CtapError(status::kInvalidLength, "one or two 32-byte salts");
    return HmacSecretInput{protocol->version(), std::move(shared), std::move(*salts)};
}

crypto::Bytes hmac_secret_output(Session& s, const HmacSecretInput& input, const CredentialKey& key,
                                 bool uv) {
    auto cred_random = crypto::hmac_sha256(
        key.private_bytes(),
        crypto::as_bytes(uv ? "nk3rig hmac-secret uv" : "nk3rig hmac-secret no-uv"));
    crypto::Bytes out;
    for (std::size_t off = 0; off < input.salts.size(); off += 32) {
        const auto h =
            crypto::hmac_sha256(cred_random, crypto::ByteView(input.salts).subspan(off, 32));
        out.insert(out.end(), h.begin(), h.end());
    }
    crypto::secure_wipe(cred_random);
    const cbor::Value version(input.protocol);
    auto protocol = pin_protocol(s, &version);
    auto enc = protocol->encrypt(input.shared_secret, out);
    crypto::secure_wipe(out);
    return enc;
}

}  // namespace nk3::fido
