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

std::optional<WrappedCredential> unwrap_credential_id(const DeviceKeys& keys,
                                                      crypto::ByteView rp_id_hash,
                                                      crypto::ByteView id) {
    if (id.size() < 1 + kNonce + crypto::kGcmTagSize || id[0] != kWrappedIdVersion)
        return std::nullopt;
    const auto plain = crypto::aes256_gcm_decrypt(keys.kek, id.subspan(1, kNonce),
                                                  id.subspan(1 + kNonce), rp_id_hash);
    if (!plain) return std::nullopt;
    try {
        const auto v = cbor::decode(*plain);
        cbor::IntKeyMap m(v);
        const auto alg = alg_from_cose(m.require(1).as_int());
        const auto& wrapped = m.require(2).as_bytes();
        if (!alg || wrapped.size() < kNonce) return std::nullopt;
        auto priv = crypto::aes256_gcm_decrypt(keys.kwk, crypto::ByteView(wrapped).first(kNonce),
                                               crypto::ByteView(wrapped).subspan(kNonce),
                                               crypto::as_bytes(kWrapAad));
        if (!priv) return std::nullopt;
        std::uint8_t cred_protect = 1;
        if (const auto* cp = m.find(3)) cred_protect = static_cast<std::uint8_t>(cp->as_uint());
        const bool hmac = m.find(4) && m.find(4)->as_bool();
        auto key = CredentialKey::from_private(*alg, *priv);
        crypto::secure_wipe(*priv);
        if (cred_protect < 1 || cred_protect > 3) return std::nullopt;
        return WrappedCredential{std::move(key), cred_protect, hmac};
    } catch (const cbor::CborError&) {
        return std::nullopt;
    } catch (const crypto::CryptoError&) {
        return std::nullopt;
    }
}

}  // namespace nk3::fido
