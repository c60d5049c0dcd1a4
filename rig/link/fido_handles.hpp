#pragma once
// Owning handles for libfido2's C objects (credentials, assertions, getInfo, credential
// management, public keys): std::unique_ptr with the matching fido_*_free, and make_* functions
// that throw std::bad_alloc instead of returning NULL.

#include <fido.h>
#include <fido/credman.h>
#include <fido/eddsa.h>
#include <fido/es256.h>

#include <memory>
#include <new>

namespace nk3::rig {

template <class T, void (*Free)(T**)>
struct FidoFree {
    void operator()(T* p) const { Free(&p); }
};

template <class T, void (*Free)(T**)>
using FidoPtr = std::unique_ptr<T, FidoFree<T, Free>>;

using FidoDevPtr = FidoPtr<fido_dev_t, fido_dev_free>;
using CredPtr = FidoPtr<fido_cred_t, fido_cred_free>;
using AssertPtr = FidoPtr<fido_assert_t, fido_assert_free>;
using CborInfoPtr = FidoPtr<fido_cbor_info_t, fido_cbor_info_free>;
using CredmanMetadataPtr = FidoPtr<fido_credman_metadata_t, fido_credman_metadata_free>;
using CredmanRpPtr = FidoPtr<fido_credman_rp_t, fido_credman_rp_free>;
using CredmanRkPtr = FidoPtr<fido_credman_rk_t, fido_credman_rk_free>;
using Es256PkPtr = FidoPtr<es256_pk_t, es256_pk_free>;
using EddsaPkPtr = FidoPtr<eddsa_pk_t, eddsa_pk_free>;

namespace detail {
template <class Ptr, class T>
Ptr checked(T* p) {
    if (p == nullptr) throw std::bad_alloc();
    return Ptr(p);
}
}  // namespace detail

inline FidoDevPtr make_dev() {
    return detail::checked<FidoDevPtr>(fido_dev_new());
}
inline CredPtr make_cred() {
    return detail::checked<CredPtr>(fido_cred_new());
}
inline AssertPtr make_assert() {
    return detail::checked<AssertPtr>(fido_assert_new());
}
inline CborInfoPtr make_cbor_info() {
    return detail::checked<CborInfoPtr>(fido_cbor_info_new());
}
inline CredmanMetadataPtr make_credman_metadata() {
    return detail::checked<CredmanMetadataPtr>(fido_credman_metadata_new());
}
inline CredmanRpPtr make_credman_rp() {
    return detail::checked<CredmanRpPtr>(fido_credman_rp_new());
}
inline CredmanRkPtr make_credman_rk() {
    return detail::checked<CredmanRkPtr>(fido_credman_rk_new());
}
inline Es256PkPtr make_es256_pk() {
    return detail::checked<Es256PkPtr>(es256_pk_new());
}
inline EddsaPkPtr make_eddsa_pk() {
    return detail::checked<EddsaPkPtr>(eddsa_pk_new());
}

}  // namespace nk3::rig
