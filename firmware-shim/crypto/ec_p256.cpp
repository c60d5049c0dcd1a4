#include "crypto/ec_p256.hpp"

#include <openssl/core_names.h>
#include <openssl/obj_mac.h>

#include "crypto/ecdsa_rfc6979.hpp"
#include "crypto/openssl_error.hpp"

namespace nk3::crypto {

namespace {

constexpr char kGroupName[] = "prime256v1";

EcGroupPtr p256_group() {
    EcGroupPtr group{EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1)};
    if (!group) throw_openssl_error("EC_GROUP_new_by_curve_name(P-256)");
    return group;
}

// 0x04 || x || y of d*G.
Bytes public_point_for(const EC_GROUP* group, const BIGNUM* d) {
    BnCtxPtr bn_ctx{BN_CTX_new()};
    EcPointPtr point{EC_POINT_new(group)};
    if (!bn_ctx || !point) throw_openssl_error("BN_CTX_new/EC_POINT_new");
    if (EC_POINT_mul(group, point.get(), d, nullptr, nullptr, bn_ctx.get()) != 1) {
        throw_openssl_error("EC_POINT_mul");
    }
    Bytes out(kP256UncompressedSize);
    if (EC_POINT_point2oct(group, point.get(), POINT_CONVERSION_UNCOMPRESSED, out.data(),
                           out.size(), bn_ctx.get()) != out.size()) {
        throw_openssl_error("EC_POINT_point2oct");
    }
    return out;
}

EvpPkeyPtr pkey_from_params(const OSSL_PARAM* params, int selection) {
    EvpPkeyCtxPtr ctx{EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr)};
    if (!ctx) throw_openssl_error("EVP_PKEY_CTX_new_from_name(EC)");
    if (EVP_PKEY_fromdata_init(ctx.get()) != 1) throw_openssl_error("EVP_PKEY_fromdata_init");
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, const_cast<OSSL_PARAM*>(params)) != 1) {
        return EvpPkeyPtr{};
    }
    return EvpPkeyPtr{raw};
}

// Builds the key pair for a scalar already known to be in [1, n-1].
EvpPkeyPtr keypair_from_scalar(const EC_GROUP* group, const BIGNUM* d) {
    Bytes pub = public_point_for(group, d);
    OsslParamBldPtr bld{OSSL_PARAM_BLD_new()};
    if (!bld) throw_openssl_error("OSSL_PARAM_BLD_new");
    if (OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0) !=
            1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub.data(),
                                         pub.size()) != 1) {
        throw_openssl_error("OSSL_PARAM_BLD_push");
    }
    OsslParamPtr params{OSSL_PARAM_BLD_to_param(bld.get())};
    if (!params) throw_openssl_error("OSSL_PARAM_BLD_to_param");
    EvpPkeyPtr pkey = pkey_from_params(params.get(), EVP_PKEY_KEYPAIR);
    if (!pkey) throw_openssl_error("EVP_PKEY_fromdata(P-256 key pair)");
    return pkey;
}

bool scalar_in_range(const EC_GROUP* group, const BIGNUM* d) {
    return !BN_is_zero(d) && BN_cmp(d, EC_GROUP_get0_order(group)) < 0;
}

Bytes bn_param(const EVP_PKEY* pkey, const char* name, std::size_t width) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) throw_openssl_error("EVP_PKEY_get_bn_param");
    SecretBignumPtr bn{raw};
    Bytes out(width);
    if (BN_bn2binpad(bn.get(), out.data(), static_cast<int>(out.size())) !=
        static_cast<int>(width)) {
        throw_openssl_error("BN_bn2binpad");
    }
    return out;
}

}  // namespace

// ---- P256PublicKey ------------------------------------------------------------------------

P256PublicKey& P256PublicKey::operator=(const P256PublicKey& other) {
    if (this != &other) pkey_ = share_pkey(other.pkey_.get());
    return *this;
}

std::optional<P256PublicKey> P256PublicKey::from_uncompressed(ByteView point) {
    if (point.size() != kP256UncompressedSize || point[0] != 0x04) return std::nullopt;
    // Decoding the point (EC_POINT_oct2point inside the provider) rejects coordinates >= p and
    // points that are not on the curve; EVP_PKEY_public_check re-validates explicitly.
    OsslParamBldPtr bld{OSSL_PARAM_BLD_new()};
    if (!bld) throw_openssl_error("OSSL_PARAM_BLD_new");
    if (OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0) !=
            1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         point.size()) != 1) {
        throw_openssl_error("OSSL_PARAM_BLD_push");
    }
    OsslParamPtr params{OSSL_PARAM_BLD_to_param(bld.get())};
    if (!params) throw_openssl_error("OSSL_PARAM_BLD_to_param");
    EvpPkeyPtr pkey = pkey_from_params(params.get(), EVP_PKEY_PUBLIC_KEY);
    if (!pkey) {
        clear_openssl_errors();
        return std::nullopt;
    }
    EvpPkeyCtxPtr check{EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr)};
    if (!check) throw_openssl_error("EVP_PKEY_CTX_new_from_pkey");
    if (EVP_PKEY_public_check(check.get()) != 1) {
        clear_openssl_errors();
        return std::nullopt;
    }
    return P256PublicKey(std::move(pkey));
}

std::optional<P256PublicKey> P256PublicKey::from_xy(ByteView x, ByteView y) {
    if (x.size() != kP256CoordinateSize || y.size() != kP256CoordinateSize) return std::nullopt;
    Bytes point;
    point.reserve(kP256UncompressedSize);
    point.push_back(0x04);
    point.insert(point.end(), x.begin(), x.end());
    point.insert(point.end(), y.begin(), y.end());
    return from_uncompressed(point);
}

Bytes P256PublicKey::x() const {
    return bn_param(pkey_.get(), OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateSize);
}

Bytes P256PublicKey::y() const {
    return bn_param(pkey_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateSize);
}

Bytes P256PublicKey::uncompressed() const {
    Bytes out{0x04};
    const Bytes xs = x();
    const Bytes ys = y();
    out.insert(out.end(), xs.begin(), xs.end());
    out.insert(out.end(), ys.begin(), ys.end());
    return out;
}

bool P256PublicKey::verify_es256(ByteView message, ByteView der_signature) const {
    if (der_signature.empty()) return false;
    EvpMdCtxPtr ctx{EVP_MD_CTX_new()};
    if (!ctx) throw_openssl_error("EVP_MD_CTX_new");
    if (EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, pkey_.get(),
                                nullptr) != 1) {
        throw_openssl_error("EVP_DigestVerifyInit_ex(ES256)");
    }
    const int rc = EVP_DigestVerify(ctx.get(), der_signature.data(), der_signature.size(),
                                    data_or_dummy(message), message.size());
    if (rc != 1) clear_openssl_errors();
    return rc == 1;
}

// ---- P256KeyPair --------------------------------------------------------------------------

P256KeyPair& P256KeyPair::operator=(const P256KeyPair& other) {
    if (this != &other) pkey_ = share_pkey(other.pkey_.get());
    return *this;
}

P256KeyPair P256KeyPair::generate(Drbg& drbg) {
    const EcGroupPtr group = p256_group();
    for (;;) {
        Bytes candidate = drbg.bytes(kP256ScalarSize);
        SecretBignumPtr d{BN_secure_new()};
        if (!d) throw_openssl_error("BN_secure_new");
        if (BN_bin2bn(candidate.data(), static_cast<int>(candidate.size()), d.get()) == nullptr) {
            throw_openssl_error("BN_bin2bn");
        }
        secure_wipe(candidate);
        if (scalar_in_range(group.get(), d.get())) {
            return P256KeyPair(keypair_from_scalar(group.get(), d.get()));
        }
    }
}

P256KeyPair P256KeyPair::from_private_bytes(ByteView scalar) {
    if (scalar.size() != kP256ScalarSize) {
        throw_crypto_error("P256KeyPair::from_private_bytes: scalar must be 32 bytes");
    }
    const EcGroupPtr group = p256_group();
    SecretBignumPtr d{BN_secure_new()};
    if (!d) throw_openssl_error("BN_secure_new");
    if (BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), d.get()) == nullptr) {
        throw_openssl_error("BN_bin2bn");
    }
    if (!scalar_in_range(group.get(), d.get())) {
        throw_crypto_error("P256KeyPair::from_private_bytes: scalar not in [1, n-1]");
    }
    return P256KeyPair(keypair_from_scalar(group.get(), d.get()));
}

Bytes P256KeyPair::private_bytes() const {
    return bn_param(pkey_.get(), OSSL_PKEY_PARAM_PRIV_KEY, kP256ScalarSize);
}

P256PublicKey P256KeyPair::public_key() const {
    Bytes point(kP256UncompressedSize);
    std::size_t len = 0;
    if (EVP_PKEY_get_octet_string_param(pkey_.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size(), &len) != 1) {
        throw_openssl_error("EVP_PKEY_get_octet_string_param(pub)");
    }
    point.resize(len);
    if (point.size() != kP256UncompressedSize || point[0] != 0x04) {
        // Not the default uncompressed encoding; rebuild it from the affine coordinates.
        point = Bytes{0x04};
        const Bytes xs = bn_param(pkey_.get(), OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateSize);
        const Bytes ys = bn_param(pkey_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateSize);
        point.insert(point.end(), xs.begin(), xs.end());
        point.insert(point.end(), ys.begin(), ys.end());
    }
    auto pub = P256PublicKey::from_uncompressed(point);
    if (!pub) throw_crypto_error("P256KeyPair::public_key: invalid public point");
    return std::move(*pub);
}

Bytes P256KeyPair::sign_es256(ByteView message) const {
    return ecdsa_p256_sha256_sign_rfc6979(pkey_.get(), message);
}

}  // namespace nk3::crypto
