#pragma once
// Finding this authenticator's credentials from credential ids (allowList, excludeList,
// credential management) and from the resident store, honouring credProtect
// (CTAP 2.1, 12.1).

#include <optional>
#include <vector>

#include "cbor/value.hpp"
#include "crypto/bytes.hpp"
#include "fido/session.hpp"

namespace nk3::fido {

// The credential with this id for this rpIdHash: a resident id found in the store (with its key
// file), or a wrapped id that opens with the device keys. std::nullopt when it is not ours.
// A wrapped id is opened as fido-authenticator 0.1.1 does (`src/credential.rs` try_from_bytes):
// the key-encryption key is fetched with Session::kek(), which creates one (key file + state
// write) when the state names none, e.g. after the state started from defaults. Its private
// key then needs the key-wrapping key (Session::kwk(), created likewise): Panic when the
// state names a key-wrapping key file that is gone (trussed's unwrap_key syscall!),
// CTAP1_ERR_OTHER when the key does not unwrap.
std::optional<FoundCredential> find_credential(Session& s, crypto::ByteView rp_id_hash,
                                               crypto::ByteView id);

// Whether an excludeList id is this authenticator's, and its credProtect level: the
// key-encryption key step of find_credential only (Credential::try_from), no key unwrapping.
std::optional<std::uint8_t> known_credential(Session& s, crypto::ByteView rp_id_hash,
                                             crypto::ByteView id);

// Parses a list of PublicKeyCredentialDescriptors ({"type", "id"}); entries whose type is not
// "public-key" are skipped. MISSING_PARAMETER / CBOR_UNEXPECTED_TYPE for malformed entries.
std::vector<crypto::Bytes> descriptor_ids(const cbor::Value& list);

// credProtect (1 userVerificationOptional, 2 ...WithCredentialIDList, 3 userVerificationRequired):
// whether the credential may be used without UV, given how it was asked for.
bool cred_protect_allows(std::uint8_t level, bool uv, bool from_allow_list);

}  // namespace nk3::fido
