// authenticatorData serialisation.

#include "fido/auth_data.hpp"

#include "cbor/encode.hpp"

namespace nk3::fido {

crypto::Bytes build_auth_data(crypto::ByteView rp_id_hash, std::uint8_t f, std::uint32_t sign_count,
                              const std::optional<AttestedCredential>& attested,
                              const cbor::Value::Map& extensions) {
    crypto::Bytes out(rp_id_hash.begin(), rp_id_hash.end());
    if (attested) f |= flags::kAt;
    if (!extensions.empty()) f |= flags::kEd;
    out.push_back(f);
    for (int i = 3; i >= 0; --i)
        out.push_back(static_cast<std::uint8_t>(sign_count >> (8 * i)));
    if (attested) {
        out.insert(out.end(), attested->aaguid.begin(), attested->aaguid.end());
        const auto n = attested->credential_id.size();
        out.push_back(static_cast<std::uint8_t>(n >> 8));
        out.push_back(static_cast<std::uint8_t>(n));
        out.insert(out.end(), attested->credential_id.begin(), attested->credential_id.end());
        const auto key = cbor::encode(attested->public_key);
        out.insert(out.end(), key.begin(), key.end());
    }
    if (!extensions.empty()) {
        const auto ext = cbor::encode(cbor::Value(extensions));
        out.insert(out.end(), ext.begin(), ext.end());
    }
    return out;
}

}  // namespace nk3::fido
