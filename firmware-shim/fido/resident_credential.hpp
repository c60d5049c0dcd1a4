#pragma once
// A resident (discoverable) credential: its rk file under fido/dat/rk (paths::rk_file, per the
// profile's rk_layout) holds the metadata as CBOR (README.md gives the map); the private key is
// in fido/sec/<key id>.
//
// Resident credential ids are 0x52 ('R') || 16 random bytes: the authenticator finds the file
// from the id itself, so a resident credential does not depend on the device keys.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/bytes.hpp"
#include "fido/authenticator.hpp"
#include "fido/credential_key.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido {

inline constexpr std::uint8_t kResidentIdPrefix = 0x52;
inline constexpr std::size_t kResidentIdSize = 17;

struct ResidentCredential {
    crypto::Bytes id;
    std::string rp_id;
    crypto::Bytes user_id;
    std::optional<std::string> user_name;
    std::optional<std::string> display_name;
    Alg alg = Alg::es256;
    crypto::Bytes key_id;  // fido/sec/<hex key_id>
    std::uint8_t cred_protect = 1;
    bool hmac_secret = false;
    std::uint64_t created = 0;  // creation order: larger is newer

    crypto::Bytes rp_id_hash() const;
    std::string path(RkLayout layout) const;  // fido/dat/rk/...
};

crypto::Bytes encode_resident(const ResidentCredential& rk);
std::optional<ResidentCredential> decode_resident(crypto::ByteView content);

bool is_resident_id(crypto::ByteView id);

// Every well-formed resident credential on the filesystem (unreadable files are skipped).
std::vector<ResidentCredential> list_residents(const fs::Filesystem& fs, RkLayout layout);
// How many list_residents would return, without copying them.
std::size_t count_residents(const fs::Filesystem& fs, RkLayout layout);
// The resident credentials of one relying party, newest first.
std::vector<ResidentCredential> residents_for(const fs::Filesystem& fs, RkLayout layout,
                                              crypto::ByteView rp_id_hash);
// The resident credential with this id for this rpIdHash.
std::optional<ResidentCredential> find_resident(const fs::Filesystem& fs, RkLayout layout,
                                                crypto::ByteView rp_id_hash, crypto::ByteView id);
// Its private key (from fido/sec), or std::nullopt when the key file is gone or malformed.
std::optional<CredentialKey> load_resident_key(const fs::Filesystem& fs,
                                               const ResidentCredential& rk);

// The private key file (one file write), written when the key is generated: fido-authenticator
// generates a resident credential's key straight into Internal storage.
void write_resident_key(fs::Filesystem& fs, const ResidentCredential& rk, const CredentialKey& key);
// The rk file, its directories first (trussed's create_directories). Throws
// CtapError(KEY_STORE_FULL) when the file write itself fails for lack of space, as the real
// makeCredential maps that write's error; a directory that cannot be made is an FsError.
void write_resident_file(fs::Filesystem& fs, RkLayout layout, const ResidentCredential& rk);
// Rewrites the rk file only (updateUserInformation).
void rewrite_resident(fs::Filesystem& fs, RkLayout layout, const ResidentCredential& rk);
// Removes the key file, then the rk file (fido-authenticator 0.1.1 delete_resident_key_by_user_id
// and delete_resident_key_by_path).
void remove_resident(fs::Filesystem& fs, RkLayout layout, const ResidentCredential& rk);
// per_rp: removes the relying party's directory when no entry is left in it (credMgmt
// deleteCredential); nothing for the flat layout.
void remove_rp_dir_if_empty(fs::Filesystem& fs, RkLayout layout, crypto::ByteView rp_id_hash);

}  // namespace nk3::fido
