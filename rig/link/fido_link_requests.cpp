// Request builders and answer readers of FidoLink.
#include "rig/link/fido_link_requests.hpp"

#include <cbor.h>
#include <fido/eddsa.h>
#include <fido/es256.h>

#include <array>
#include <cstring>
#include <optional>

#include "crypto/bounded_cache.hpp"
#include "crypto/ec_p256.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/sha.hpp"
#include "crypto/x509_attestation.hpp"
#include "rig/link/fido_handles.hpp"
#include "rig/link/host_crypto_counts.hpp"

namespace nk3::rig {

namespace {

constexpr std::uint8_t kFlagUserPresent = 0x01;   // UP
constexpr std::uint8_t kFlagAttestedData = 0x40;  // AT
constexpr std::uint8_t kFlagExtensions = 0x80;    // ED
constexpr std::size_t kRpIdHashSize = 32;
constexpr std::size_t kAuthDataMinSize = 37;  // rpIdHash, flags, signCount

// The contents of a CBOR byte string (libfido2 hands out authenticator data CBOR-encoded), or
// nullopt if `cbor` is not exactly one definite-length byte string. Read in place rather than
// with cbor_load, which would copy the bytes into a new item on every assertion of every
// trial; anything but the plain header goes to libfido2's own verification.
std::optional<std::span<const unsigned char>> cbor_byte_string(const unsigned char* cbor,
                                                               std::size_t len) {
    if (cbor == nullptr || len == 0 || (cbor[0] >> 5) != 2) return std::nullopt;
    const unsigned info = cbor[0] & 0x1f;
    std::size_t header = 1;
    std::size_t size = 0;
    if (info < 24) {
        size = info;
    } else if (info >= 24 && info <= 26) {
        header += std::size_t{1} << (info - 24);
        if (len < header) return std::nullopt;
        for (std::size_t i = 1; i < header; ++i)
            size = (size << 8) | cbor[i];
    } else {
        return std::nullopt;
    }
    if (len - header != size) return std::nullopt;
    return std::span<const unsigned char>(cbor + header, size);
}

// ES256 public keys the host holds, by the SHA-256 of their bytes: a credential's key is
// verified against in every trial, and building an OpenSSL key from the point (which makes the
// P-256 group again each time) costs more than the verification. Bounded: memory stays flat.
// A key made from bytes, as a cache entry: nullptr when the bytes make none.
template <typename Key>
std::shared_ptr<const Key> entry(std::optional<Key> made) {
    return made ? std::make_shared<const Key>(std::move(*made)) : nullptr;
}

std::shared_ptr<const crypto::P256PublicKey> es256_key(const Bytes& public_key) {
    static crypto::BoundedCache<crypto::P256PublicKey> cache(256);
    return cache.find_or_put(crypto::cache_key(crypto::sha256(public_key)), [&] {
        const crypto::ByteView bytes(public_key);
        if (bytes.size() == 64)
            return entry(crypto::P256PublicKey::from_xy(bytes.first(32), bytes.subspan(32)));
        if (bytes.size() == 65) return entry(crypto::P256PublicKey::from_uncompressed(bytes));
        return std::shared_ptr<const crypto::P256PublicKey>();
    });
}

// Ed25519 public keys the host holds, by their 32 bytes (bounded, like es256_key).
std::shared_ptr<const crypto::Ed25519PublicKey> eddsa_key(const Bytes& public_key) {
    static crypto::BoundedCache<crypto::Ed25519PublicKey> cache(256);
    if (public_key.size() != crypto::kEd25519KeySize) return nullptr;
    return cache.find_or_put(crypto::cache_key(public_key),
                             [&] { return entry(crypto::Ed25519PublicKey::from_raw(public_key)); });
}

// fido_assert_verify, as libfido2 1.12 does it for an ES256 or EdDSA credential: the statement's
// parts present, the rp id hash, then the signature over authenticator data || clientDataHash
// (ES256: ECDSA over its SHA-256; EdDSA: Ed25519 over the bytes themselves) with the credential's
// key from es256_key() / eddsa_key() instead of a new one per call, through firmware-shim/crypto,
// which counts what it computes and remembers the verdicts (crypto/result_memo.hpp). The link
// never asks for up or uv to be verified, nor for extensions: so authenticator data with
// extensions or attested credential data, a key libfido2 would read differently, or anything
// else unusual, is left to libfido2 (nullopt), which then decides exactly as before.
std::optional<int> verify_assertion_here(const fido_assert_t* a, std::size_t idx,
                                         const Credential& cred) {
    if (idx >= fido_assert_count(a) || fido_assert_rp_id(a) == nullptr ||
        fido_assert_clientdata_hash_ptr(a) == nullptr || fido_assert_sig_ptr(a, idx) == nullptr)
        return std::nullopt;
    const auto auth_data =
        cbor_byte_string(fido_assert_authdata_ptr(a, idx), fido_assert_authdata_len(a, idx));
    if (!auth_data || auth_data->size() < kAuthDataMinSize) return std::nullopt;
    if (((*auth_data)[kRpIdHashSize] & (kFlagAttestedData | kFlagExtensions)) != 0)
        return std::nullopt;
    std::shared_ptr<const crypto::P256PublicKey> es256;
    std::shared_ptr<const crypto::Ed25519PublicKey> eddsa;
    if (cred.alg == Alg::eddsa)
        eddsa = eddsa_key(cred.public_key);
    else
        es256 = es256_key(cred.public_key);
    if (!es256 && !eddsa) return std::nullopt;  // libfido2 refuses the key with its own code
    const char* rp_id = fido_assert_rp_id(a);
    const Bytes rp_id_hash = crypto::sha256(crypto::as_bytes(rp_id));
    if (std::memcmp(rp_id_hash.data(), auth_data->data(), kRpIdHashSize) != 0)
        return FIDO_ERR_INVALID_PARAM;
    Bytes signed_data(auth_data->begin(), auth_data->end());
    const unsigned char* cdh = fido_assert_clientdata_hash_ptr(a);
    signed_data.insert(signed_data.end(), cdh, cdh + fido_assert_clientdata_hash_len(a));
    const crypto::ByteView sig(fido_assert_sig_ptr(a, idx), fido_assert_sig_len(a, idx));
    const bool valid =
        es256 ? es256->verify_es256(signed_data, sig) : eddsa->verify(signed_data, sig);
    return valid ? FIDO_OK : FIDO_ERR_INVALID_SIG;
}

constexpr std::array<unsigned char, 32> kClientDataHash = {
    'n', 'k', '3', 'r', 'i', 'g', ' ', 'c', 'l', 'i', 'e', 'n', 't', 'D', 'a', 't',
    'a', 'H', 'a', 's', 'h', ' ', 'o', 'f', ' ', 'a', ' ', 't', 'r', 'i', 'a', 'l'};

// The P-256 key of an attestation certificate, by the SHA-256 of its DER: a key attests with
// the same certificate in every trial, and parsing it (d2i_X509 decodes the key, building the
// group) costs more than the verification. nullptr when the DER does not parse on its own or
// the key is not P-256. Bounded.
std::shared_ptr<const crypto::P256PublicKey> x5c_key(crypto::ByteView der) {
    static crypto::BoundedCache<crypto::P256PublicKey> cache(64);
    return cache.find_or_put(crypto::cache_key(crypto::sha256(der)), [&] {
        const auto info = crypto::parse_certificate(der);
        return entry(info ? crypto::P256PublicKey::from_uncompressed(info->public_key_uncompressed)
                          : std::nullopt);
    });
}

// The "alg" of a packed attestation statement (its CBOR map), or nullopt if there is none or the
// statement does not decode.
std::optional<std::int64_t> attestation_alg(const fido_cred_t* cred) {
    const unsigned char* ptr = fido_cred_attstmt_ptr(cred);
    const std::size_t len = fido_cred_attstmt_len(cred);
    if (ptr == nullptr || len == 0) return std::nullopt;
    cbor_load_result loaded{};
    cbor_item_t* item = cbor_load(ptr, len, &loaded);
    if (item == nullptr) return std::nullopt;
    std::optional<std::int64_t> alg;
    if (loaded.error.code == CBOR_ERR_NONE && loaded.read == len && cbor_isa_map(item) &&
        cbor_map_is_definite(item)) {
        const cbor_pair* pairs = cbor_map_handle(item);
        for (std::size_t i = 0; i < cbor_map_size(item); ++i) {
            const cbor_item_t* k = pairs[i].key;
            if (!cbor_isa_string(k) || !cbor_string_is_definite(k) ||
                std::string_view(reinterpret_cast<const char*>(cbor_string_handle(k)),
                                 cbor_string_length(k)) != "alg")
                continue;
            const cbor_item_t* v = pairs[i].value;
            if (cbor_isa_negint(v))
                alg = -1 - static_cast<std::int64_t>(cbor_get_int(v));
            else if (cbor_isa_uint(v))
                alg = static_cast<std::int64_t>(cbor_get_int(v));
        }
    }
    cbor_decref(&item);
    return alg;
}

// fido_cred_verify for a packed attestation with an x5c, as libfido2 1.12 does it (every part
// present, the rp id hash, user presence, no extensions asked or answered, SHA-256 of
// authenticator data and clientDataHash, ECDSA with the certificate's key), with the key from
// x5c_key() instead of parsing the certificate again. Anything else (another format or
// algorithm, extensions, a certificate that does not parse) is left to libfido2 (nullopt).
std::optional<int> verify_packed_x5c(const fido_cred_t* cred) {
    const char* fmt = fido_cred_fmt(cred);
    const char* rp_id = fido_cred_rp_id(cred);
    if (fmt == nullptr || std::string_view(fmt) != "packed" || rp_id == nullptr ||
        fido_cred_clientdata_hash_ptr(cred) == nullptr || fido_cred_authdata_ptr(cred) == nullptr ||
        fido_cred_x5c_ptr(cred) == nullptr || fido_cred_sig_ptr(cred) == nullptr ||
        fido_cred_id_ptr(cred) == nullptr || fido_cred_prot(cred) != 0)
        return std::nullopt;
    const crypto::ByteView auth_data(fido_cred_authdata_raw_ptr(cred),
                                     fido_cred_authdata_raw_len(cred));
    if (auth_data.data() == nullptr || auth_data.size() < kAuthDataMinSize ||
        (auth_data[kRpIdHashSize] & kFlagExtensions) != 0)
        return std::nullopt;
    const auto alg = attestation_alg(cred);
    if (!alg || *alg != COSE_ES256) return std::nullopt;
    const auto key = x5c_key({fido_cred_x5c_ptr(cred), fido_cred_x5c_len(cred)});
    if (!key) return std::nullopt;
    const Bytes rp_id_hash = crypto::sha256(crypto::as_bytes(rp_id));
    if (std::memcmp(rp_id_hash.data(), auth_data.data(), kRpIdHashSize) != 0)
        return FIDO_ERR_INVALID_PARAM;
    if ((auth_data[kRpIdHashSize] & kFlagUserPresent) == 0) return FIDO_ERR_INVALID_PARAM;
    Bytes signed_data(auth_data.begin(), auth_data.end());
    const unsigned char* cdh = fido_cred_clientdata_hash_ptr(cred);
    signed_data.insert(signed_data.end(), cdh, cdh + fido_cred_clientdata_hash_len(cred));
    const crypto::ByteView sig(fido_cred_sig_ptr(cred), fido_cred_sig_len(cred));
    return key->verify_es256(signed_data, sig) ? FIDO_OK : FIDO_ERR_INVALID_SIG;
}

}  // namespace

std::span<const unsigned char> client_data_hash() {
    return kClientDataHash;
}

int cose_alg(Alg alg) {
    return alg == Alg::eddsa ? COSE_EDDSA : COSE_ES256;
}

Bytes bytes_of(const unsigned char* ptr, std::size_t len) {
    if (ptr == nullptr) return {};
    return Bytes(ptr, ptr + len);
}

int fill_credential(fido_cred_t* cred, const CredentialRequest& r) {
    int rc = fido_cred_set_type(cred, cose_alg(r.alg));
    if (rc == FIDO_OK)
        rc = fido_cred_set_clientdata_hash(cred, kClientDataHash.data(), kClientDataHash.size());
    if (rc == FIDO_OK) rc = fido_cred_set_rp(cred, r.rp.c_str(), r.rp.c_str());
    if (rc == FIDO_OK)
        rc = fido_cred_set_user(cred, r.user_id.data(), r.user_id.size(), r.user_name.c_str(),
                                r.user_name.c_str(), nullptr);
    if (rc == FIDO_OK && r.resident) rc = fido_cred_set_rk(cred, FIDO_OPT_TRUE);
    if (rc == FIDO_OK && r.cred_protect != 0) rc = fido_cred_set_prot(cred, r.cred_protect);
    for (const Bytes& id : r.exclude) {
        if (rc != FIDO_OK) break;
        rc = fido_cred_exclude(cred, id.data(), id.size());
    }
    return rc;
}

Credential credential_of(const fido_cred_t* cred, const CredentialRequest& r) {
    Credential c;
    c.rp = r.rp;
    c.id = bytes_of(fido_cred_id_ptr(cred), fido_cred_id_len(cred));
    c.public_key = bytes_of(fido_cred_pubkey_ptr(cred), fido_cred_pubkey_len(cred));
    c.alg = r.alg;
    c.user_id = r.user_id;
    c.resident = r.resident;
    return c;
}

Attestation attestation_of(const fido_cred_t* cred) {
    Attestation a;
    const char* fmt = fido_cred_fmt(cred);
    a.format = fmt != nullptr ? fmt : "";
    a.certificate = bytes_of(fido_cred_x5c_ptr(cred), fido_cred_x5c_len(cred));
    a.has_x5c = !a.certificate.empty();
    a.aaguid = bytes_of(fido_cred_aaguid_ptr(cred), fido_cred_aaguid_len(cred));
    if (a.has_x5c) {
        if (const auto r = verify_packed_x5c(cred)) {
            a.signature_valid = *r == FIDO_OK;  // counted by firmware-shim/crypto
            return a;
        }
        host_crypto::count(host_crypto::x509_parse);
        host_crypto::count(host_crypto::es256_verify);
        a.signature_valid = fido_cred_verify(cred) == FIDO_OK;
    } else {
        host_crypto::count(fido_cred_type(cred) == COSE_EDDSA ? host_crypto::ed25519_verify
                                                              : host_crypto::es256_verify);
        a.signature_valid = fido_cred_verify_self(cred) == FIDO_OK;
    }
    return a;
}

int fill_assertion(fido_assert_t* a, const std::string& rp, const std::vector<Credential>& allow,
                   bool up) {
    int rc = fido_assert_set_clientdata_hash(a, kClientDataHash.data(), kClientDataHash.size());
    if (rc == FIDO_OK) rc = fido_assert_set_rp(a, rp.c_str());
    for (const Credential& c : allow) {
        if (rc != FIDO_OK) break;
        rc = fido_assert_allow_cred(a, c.id.data(), c.id.size());
    }
    if (rc == FIDO_OK && !up) rc = fido_assert_set_up(a, FIDO_OPT_FALSE);
    return rc;
}

int verify_assertion(const fido_assert_t* a, std::size_t idx, const Credential& cred) {
    // Counted by firmware-shim/crypto when it verifies; by host_crypto when libfido2 does.
    if (const auto r = verify_assertion_here(a, idx, cred)) return *r;
    host_crypto::count(cred.alg == Alg::eddsa ? host_crypto::ed25519_verify
                                              : host_crypto::es256_verify);
    if (cred.alg == Alg::eddsa) {
        EddsaPkPtr pk = make_eddsa_pk();
        const int r = eddsa_pk_from_ptr(pk.get(), cred.public_key.data(), cred.public_key.size());
        if (r != FIDO_OK) return r;
        return fido_assert_verify(a, idx, COSE_EDDSA, pk.get());
    }
    Es256PkPtr pk = make_es256_pk();
    const int r = es256_pk_from_ptr(pk.get(), cred.public_key.data(), cred.public_key.size());
    if (r != FIDO_OK) return r;
    return fido_assert_verify(a, idx, COSE_ES256, pk.get());
}

}  // namespace nk3::rig
