// Sealing and opening non-resident credential ids.

#include "fido/credential_id.hpp"

#include "cbor/cbor_error.hpp"
#include "cbor/decode.hpp"
#include "cbor/encode.hpp"
#include "cbor/request_map.hpp"
#include "crypto/aes_gcm.hpp"
#include "crypto/openssl_error.hpp"

namespace nk3::fido {

namespace {

constexpr std::string_view kWrapAad = "nk3rig-kwk";
constexpr std::size_t kNonce = crypto::kGcmNonceSize;

}  // namespace

crypto::Bytes wrap_credential_id(const DeviceKeys& keys, crypto::ByteView rp_id_hash,
                                 const WrappedCredential& c, crypto::Drbg& drbg) {
    crypto::Bytes wrapped = drbg.bytes(kNonce);
    const auto inner = crypto::aes256_gcm_encrypt(keys.kwk, wrapped, c.key.private_bytes(),
                                                  crypto::as_bytes(kWrapAad));
    wrapped.insert(wrapped.end(), inner.begin(), inner.end());

    cbor::Value::Map body;
    body.push_back({1, static_cast<int>(c.key.alg())});
    body.push_back({2, wrapped});
    if (c.cred_protect > 1) body.push_back({3, static_cast<int>(c.cred_protect)});
    if (c.hmac_secret) body.push_back({4, true});
    const auto plain = cbor::encode(cbor::Value(std::move(body)));

    crypto::Bytes id{kWrappedIdVersion};
    const auto nonce = drbg.bytes(kNonce);
    id.insert(id.end(), nonce.begin(), nonce.end());
    const auto sealed = crypto::aes256_gcm_encrypt(keys.kek, nonce, plain, rp_id_hash);
    id.insert(id.end(), sealed.begin(), sealed.end());
    return id;
}

std::optional<OpenedCredentialId> open_credential_id(crypto::ByteView kek,
                                                     crypto::ByteView rp_id_hash,
                                                     crypto::ByteView id) {
    if (id.size() < 1 + kNonce + crypto::kGcmTagSize || id[0] != kWrappedIdVersion)
        return std::nullopt;
    const auto plain =
        crypto::aes256_gcm_decrypt(kek, id.subspan(1, kNonce), id.subspan(1 + kNonce), rp_id_hash);
    if (!plain) return std::nullopt;
    try {
        const auto v = cbor::decode(*plain);
        cbor::IntKeyMap m(v);
        const auto alg = alg_from_cose(m.require(1).as_int());
        const auto& wrapped = m.require(2).as_bytes();
        if (!alg || wrapped.size() < kNonce) return std::nullopt;
        OpenedCredentialId out;
        out.alg = *alg;
        out.wrapped_key = wrapped;
        if (const auto* cp = m.find(3)) {
            const auto level = cp->as_uint();
            if (level < 1 || level > 3) return std::nullopt;
            out.cred_protect = static_cast<std::uint8_t>(level);
        }
        out.hmac_secret = m.find(4) && m.find(4)->as_bool();
        return out;
    } catch (const cbor::CborError&) {
        return std::nullopt;
    }
}

std::optional<CredentialKey> unwrap_private_key(crypto::ByteView kwk,
                                                const OpenedCredentialId& opened) {
    const crypto::ByteView wrapped(opened.wrapped_key);
    auto priv = crypto::aes256_gcm_decrypt(kwk, wrapped.first(kNonce), wrapped.subspan(kNonce),
                                           crypto::as_bytes(kWrapAad));
    if (!priv) return std::nullopt;
    try {
        auto key = CredentialKey::from_private(opened.alg, *priv);
        crypto::secure_wipe(*priv);
        return key;
    } catch (const crypto::CryptoError&) {
        crypto::secure_wipe(*priv);
        return std::nullopt;
    }
}

std::optional<WrappedCredential> unwrap_credential_id(const DeviceKeys& keys,
                                                      crypto::ByteView rp_id_hash,
                                                      crypto::ByteView id) {
    const auto opened = open_credential_id(keys.kek, rp_id_hash, id);
    if (!opened) return std::nullopt;
    auto key = unwrap_private_key(keys.kwk, *opened);
    if (!key) return std::nullopt;
    return WrappedCredential{std::move(*key), opened->cred_protect, opened->hmac_secret};
}

}  // namespace nk3::fido
