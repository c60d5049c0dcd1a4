// RAII owners for the OpenSSL handles used by nk3::crypto: std::unique_ptr with a deleter that
// calls the matching OpenSSL *_free function.
#pragma once

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>

namespace nk3::crypto {

template <auto FreeFn>
struct OsslDeleter {
    template <typename T>
    void operator()(T* p) const noexcept {
        FreeFn(p);
    }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OsslDeleter<&EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OsslDeleter<&EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OsslDeleter<&EVP_MD_CTX_free>>;
using EvpMdPtr = std::unique_ptr<EVP_MD, OsslDeleter<&EVP_MD_free>>;
using EvpMacPtr = std::unique_ptr<EVP_MAC, OsslDeleter<&EVP_MAC_free>>;
using EvpMacCtxPtr = std::unique_ptr<EVP_MAC_CTX, OsslDeleter<&EVP_MAC_CTX_free>>;
using EvpKdfPtr = std::unique_ptr<EVP_KDF, OsslDeleter<&EVP_KDF_free>>;
using EvpKdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, OsslDeleter<&EVP_KDF_CTX_free>>;
using EvpCipherPtr = std::unique_ptr<EVP_CIPHER, OsslDeleter<&EVP_CIPHER_free>>;
using EvpCipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, OsslDeleter<&EVP_CIPHER_CTX_free>>;
using OsslParamPtr = std::unique_ptr<OSSL_PARAM, OsslDeleter<&OSSL_PARAM_free>>;
using OsslParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OsslDeleter<&OSSL_PARAM_BLD_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OsslDeleter<&BN_free>>;
// For BIGNUMs holding secrets: zeroised before being freed.
using SecretBignumPtr = std::unique_ptr<BIGNUM, OsslDeleter<&BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, OsslDeleter<&BN_CTX_free>>;
using EcGroupPtr = std::unique_ptr<EC_GROUP, OsslDeleter<&EC_GROUP_free>>;
using EcPointPtr = std::unique_ptr<EC_POINT, OsslDeleter<&EC_POINT_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, OsslDeleter<&ECDSA_SIG_free>>;
using X509Ptr = std::unique_ptr<X509, OsslDeleter<&X509_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OsslDeleter<&X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, OsslDeleter<&X509_EXTENSION_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OsslDeleter<&X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OsslDeleter<&X509_STORE_CTX_free>>;
using Asn1ObjectPtr = std::unique_ptr<ASN1_OBJECT, OsslDeleter<&ASN1_OBJECT_free>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, OsslDeleter<&ASN1_OCTET_STRING_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, OsslDeleter<&ASN1_INTEGER_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, OsslDeleter<&ASN1_TIME_free>>;
using BioPtr = std::unique_ptr<BIO, OsslDeleter<&BIO_free_all>>;

// Takes an additional reference on a shared EVP_PKEY (EVP_PKEY_up_ref) and owns it.
EvpPkeyPtr share_pkey(EVP_PKEY* pkey);

}  // namespace nk3::crypto
