#pragma once
// Translating between the Link's plain structs (rig/link.hpp) and libfido2's request and answer
// objects: filling a fido_cred_t / fido_assert_t from a request, reading back the credential,
// its attestation and an assertion, and verifying an assertion with a public key the host
// holds. Bad requests come back as libfido2 status codes, never as exceptions.

#include <fido.h>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "rig/link.hpp"

namespace nk3::rig {

// The clientDataHash of every request (32 bytes). Constant: a trial's outcome must not depend
// on how many requests the link made before it.
std::span<const unsigned char> client_data_hash();

int cose_alg(Alg alg);

// FIDO_OK, or libfido2's refusal of a field (FIDO_ERR_INVALID_ARGUMENT: a cred_protect outside
// 1..3, an empty rp, ...).
int fill_credential(fido_cred_t* cred, const CredentialRequest& request);
Credential credential_of(const fido_cred_t* cred, const CredentialRequest& request);
// Format, x5c leaf, AAGUID, and whether the attestation statement verifies
// (fido_cred_verify with an x5c, fido_cred_verify_self without).
Attestation attestation_of(const fido_cred_t* cred);

// up == true leaves the option out (the authenticator's default); false asks for no presence.
int fill_assertion(fido_assert_t* assertion, const std::string& rp,
                   const std::vector<Credential>& allow, bool up);
// fido_assert_verify of statement `idx` with the credential's public key: the same code, computed
// here for ES256 and EdDSA keys and plain authenticator data (the verdict remembered by key, data
// and signature), by libfido2 otherwise.
int verify_assertion(const fido_assert_t* assertion, std::size_t idx, const Credential& cred);

Bytes bytes_of(const unsigned char* ptr, std::size_t len);

}  // namespace nk3::rig
