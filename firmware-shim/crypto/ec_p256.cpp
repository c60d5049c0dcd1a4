#include "crypto/ec_p256.hpp"

#include <openssl/core_names.h>

#include <algorithm>
#include <mutex>

#include "crypto/bounded_cache.hpp"
#include "crypto/ecdsa_rfc6979.hpp"
#include "crypto/evp_verify.hpp"
#include "crypto/op_counters.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/p256_group.hpp"
#include "crypto/result_memo.hpp"

namespace nk3::crypto {

struct P256PublicKey::Data {
    std::array<std::uint8_t, kP256UncompressedSize> point{};  // 0x04 || x || y, validated
    mutable std::once_flag once;
    mutable EvpPkeyPtr pkey;  // built by native()
};

struct P256KeyPair::Data {
    std::array<std::uint8_t, kP256ScalarSize> scalar{};  // d, 1 <= d <= n-1
    std::shared_ptr<const P256PublicKey::Data> pub;      // d*G
    mutable std::once_flag once;
    mutable EvpPkeyPtr pkey;  // built by native()
    Data() = default;
    Data(const Data&) = delete;
    Data& operator=(const Data&) = delete;
    ~Data() { secure_wipe(scalar); }
};

namespace {

constexpr char kGroupName[] = "prime256v1";

// Key pairs by scalar. Bounded: a trial meets a handful of scalars (device, attestation and
// credential keys, the key agreement key of each boot), a million-trial run only ever holds
// this many.
constexpr std::size_t kKeyPairCacheCapacity = 512;

// n, the order of the P-256 base point, big-endian.
constexpr std::array<std::uint8_t, kP256ScalarSize> kOrder = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

// 1 <= d <= n-1 for a 32-byte big-endian d.
bool scalar_in_range(ByteView d) {
    const bool zero = std::all_of(d.begin(), d.end(), [](std::uint8_t b) { return b == 0; });
    return !zero && std::lexicographical_compare(d.begin(), d.end(), kOrder.begin(), kOrder.end());
}

SecretBignumPtr secret_bn(ByteView bytes) {
    SecretBignumPtr bn{BN_secure_new()};
    if (!bn) throw_openssl_error("BN_secure_new");
    BN_set_flags(bn.get(), BN_FLG_CONSTTIME);
    if (BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), bn.get()) == nullptr) {
        throw_openssl_error("BN_bin2bn");
    }
    return bn;
}

// 0x04 || x || y of d*G.
std::array<std::uint8_t, kP256UncompressedSize> public_point_for(ByteView scalar) {
    const EC_GROUP* group = p256_group();
    const SecretBignumPtr d = secret_bn(scalar);
    BnCtxPtr bn_ctx{BN_CTX_secure_new()};
    EcPointPtr point{EC_POINT_new(group)};
    if (!bn_ctx || !point) throw_openssl_error("BN_CTX_secure_new/EC_POINT_new");
    if (EC_POINT_mul(group, point.get(), d.get(), nullptr, nullptr, bn_ctx.get()) != 1) {
        throw_openssl_error("EC_POINT_mul");
    }
    count_op(CryptoOp::p256_base_mul);
    std::array<std::uint8_t, kP256UncompressedSize> out{};
    if (EC_POINT_point2oct(group, point.get(), POINT_CONVERSION_UNCOMPRESSED, out.data(),
                           out.size(), bn_ctx.get()) != out.size()) {
        throw_openssl_error("EC_POINT_point2oct");
    }
    return out;
}

// The key pair for a scalar already known to be in [1, n-1]: from the cache, or made and cached.
std::shared_ptr<const P256KeyPair::Data> keypair_data(ByteView scalar) {
    static BoundedCache<P256KeyPair::Data> cache(kKeyPairCacheCapacity);
    return cache.find_or_put(cache_key(scalar), [&] {
        auto data = std::make_shared<P256KeyPair::Data>();
        std::copy(scalar.begin(), scalar.end(), data->scalar.begin());
        auto pub = std::make_shared<P256PublicKey::Data>();
        pub->point = public_point_for(scalar);
        data->pub = std::move(pub);
        return data;
    });
}

EvpPkeyPtr pkey_from_params(const OSSL_PARAM* params, int selection) {
    EvpPkeyCtxPtr ctx{EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr)};
    if (!ctx) throw_openssl_error("EVP_PKEY_CTX_new_from_name(EC)");
    if (EVP_PKEY_fromdata_init(ctx.get()) != 1) throw_openssl_error("EVP_PKEY_fromdata_init");
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, const_cast<OSSL_PARAM*>(params)) != 1) {
        throw_openssl_error("EVP_PKEY_fromdata(P-256)");
    }
    return EvpPkeyPtr{raw};
}

// The EVP_PKEY of a point (and scalar, for a key pair), both already validated.
EvpPkeyPtr build_pkey(ByteView point, const BIGNUM* d) {
    OsslParamBldPtr bld{OSSL_PARAM_BLD_new()};
    if (!bld) throw_openssl_error("OSSL_PARAM_BLD_new");
    if (OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0) !=
            1 ||
        (d != nullptr && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d) != 1) ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         point.size()) != 1) {
        throw_openssl_error("OSSL_PARAM_BLD_push");
    }
    OsslParamPtr params{OSSL_PARAM_BLD_to_param(bld.get())};
    if (!params) throw_openssl_error("OSSL_PARAM_BLD_to_param");
    return pkey_from_params(params.get(), d != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY);
}

}  // namespace

// ---- P256PublicKey ------------------------------------------------------------------------

std::optional<P256PublicKey> P256PublicKey::from_uncompressed(ByteView point) {
    if (point.size() != kP256UncompressedSize || point[0] != 0x04) return std::nullopt;
    // EC_POINT_oct2point rejects coordinates >= p and points off the curve (it sets the affine
    // coordinates, which checks the curve equation); the checks below say so explicitly. The
    // uncompressed form cannot encode the point at infinity, and P-256 has prime order, so every
    // such point generates the whole group: nothing else to validate.
    const EC_GROUP* group = p256_group();
    EcPointPtr p{EC_POINT_new(group)};
    BnCtxPtr bn_ctx{BN_CTX_new()};
    if (!p || !bn_ctx) throw_openssl_error("EC_POINT_new/BN_CTX_new");
    if (EC_POINT_oct2point(group, p.get(), point.data(), point.size(), bn_ctx.get()) != 1 ||
        EC_POINT_is_at_infinity(group, p.get()) == 1 ||
        EC_POINT_is_on_curve(group, p.get(), bn_ctx.get()) != 1) {
        clear_openssl_errors();
        return std::nullopt;
    }
    auto data = std::make_shared<Data>();
    std::copy(point.begin(), point.end(), data->point.begin());
    return P256PublicKey(std::move(data));
}

std::optional<P256PublicKey> P256PublicKey::from_xy(ByteView x, ByteView y) {
    if (x.size() != kP256CoordinateSize || y.size() != kP256CoordinateSize) return std::nullopt;
    std::array<std::uint8_t, kP256UncompressedSize> point{};
    point[0] = 0x04;
    std::copy(x.begin(), x.end(), point.begin() + 1);
    std::copy(y.begin(), y.end(), point.begin() + 1 + kP256CoordinateSize);
    return from_uncompressed(point);
}

Bytes P256PublicKey::x() const {
    const auto begin = data_->point.begin() + 1;
    return Bytes(begin, begin + kP256CoordinateSize);
}

Bytes P256PublicKey::y() const {
    const auto begin = data_->point.begin() + 1 + kP256CoordinateSize;
    return Bytes(begin, begin + kP256CoordinateSize);
}

Bytes P256PublicKey::uncompressed() const {
    return Bytes(data_->point.begin(), data_->point.end());
}

EVP_PKEY* P256PublicKey::native() const {
    std::call_once(data_->once, [&] { data_->pkey = build_pkey(data_->point, nullptr); });
    return data_->pkey.get();
}

bool P256PublicKey::verify_es256(ByteView message, ByteView der_signature) const {
    if (der_signature.empty()) return false;
    return remembered(remembered_verdicts(), CryptoOp::es256_verify,
                      {data_->point, message, der_signature}, [&] {
                          count_op(CryptoOp::es256_verify);
                          return evp_verify(native(), "SHA256", message, der_signature, "ES256");
                      });
}

// ---- P256KeyPair --------------------------------------------------------------------------

P256KeyPair P256KeyPair::generate(Drbg& drbg) {
    for (;;) {
        Bytes candidate = drbg.bytes(kP256ScalarSize);
        const bool usable = scalar_in_range(candidate);
        std::shared_ptr<const Data> data;
        if (usable) data = keypair_data(candidate);
        secure_wipe(candidate);
        if (usable) return P256KeyPair(std::move(data));
    }
}

P256KeyPair P256KeyPair::from_private_bytes(ByteView scalar) {
    if (scalar.size() != kP256ScalarSize) {
        throw_crypto_error("P256KeyPair::from_private_bytes: scalar must be 32 bytes");
    }
    if (!scalar_in_range(scalar)) {
        throw_crypto_error("P256KeyPair::from_private_bytes: scalar not in [1, n-1]");
    }
    return P256KeyPair(keypair_data(scalar));
}

Bytes P256KeyPair::private_bytes() const {
    return Bytes(data_->scalar.begin(), data_->scalar.end());
}

ByteView P256KeyPair::scalar() const {
    return data_->scalar;
}

P256PublicKey P256KeyPair::public_key() const {
    return P256PublicKey(data_->pub);
}

EVP_PKEY* P256KeyPair::native() const {
    std::call_once(data_->once, [&] {
        const SecretBignumPtr d = secret_bn(data_->scalar);
        data_->pkey = build_pkey(data_->pub->point, d.get());
    });
    return data_->pkey.get();
}

Bytes P256KeyPair::sign_es256(ByteView message) const {
    return remembered(remembered_signatures(), CryptoOp::es256_sign, {data_->scalar, message}, [&] {
        return ecdsa_p256_sha256_sign_rfc6979_scalar(data_->scalar, message);
    });
}

}  // namespace nk3::crypto
