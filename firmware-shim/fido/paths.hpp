#pragma once
// Where the FIDO application keeps its files on the internal filesystem (the real firmware's
// layout, firmware-shim/fido/README.md), and the helpers that name them.

#include <functional>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "fido/authenticator.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido::paths {

inline constexpr std::string_view kRoot = "fido";
inline constexpr std::string_view kDat = "fido/dat";
inline constexpr std::string_view kSec = "fido/sec";
inline constexpr std::string_view kPub = "fido/pub";
inline constexpr std::string_view kX5c = "fido/x5c";
inline constexpr std::string_view kRk = "fido/dat/rk";
inline constexpr std::string_view kState = "fido/dat/persistent-state.cbor";
inline constexpr std::string_view kAttestationKey = "fido/sec/00";
inline constexpr std::string_view kAttestationCert = "fido/x5c/00";

// Lower-case hex of the bytes.
std::string hex(crypto::ByteView bytes);

// fido/sec/<hex of id>
std::string key_file(crypto::ByteView key_id);

// A resident credential's file under fido/dat/rk (AuthenticatorConfig::rk_layout):
//   per_rp: fido/dat/rk/<16 hex of rpIdHash>/<16 hex of SHA-256(id)> (fido-authenticator 0.1.1
//           `src/ctap2.rs` rp_rk_dir / rk_path: the first 8 bytes of each hash);
//   flat:   fido/dat/rk/<8 hex of rpIdHash>.<8 hex of SHA-256(id)>.
std::string rk_file(RkLayout layout, crypto::ByteView rp_id_hash, crypto::ByteView credential_id);
// The directory holding one relying party's rk files (per_rp), or kRk (flat).
std::string rk_dir(RkLayout layout, crypto::ByteView rp_id_hash);

// Creates `dir` and its missing parents (mkdir of each absent component: one commit each).
void ensure_dir(fs::Filesystem& fs, std::string_view dir);

// The file's content, or std::nullopt when it is absent or unreadable (littlefs reports a broken
// block list; a damaged data block reads as other bytes, which the callers' parsers refuse).
std::optional<crypto::Bytes> read_if_present(const fs::Filesystem& fs, std::string_view path);

// littlefs2's remove_dir_all_where (used by trussed's delete_all and remove_dir_all): nothing
// when `dir` does not exist; otherwise, in directory order, removes each file whose name passes
// `keep_unless` (others are skipped), recurses into subdirectories, and finally removes `dir`
// itself when no file in it was skipped (a subdirectory that is not empty makes that fail:
// FsError, which the firmware's syscall! turns into a panic).
void remove_dir_all_where(fs::Filesystem& fs, const std::string& dir,
                          const std::function<bool(const std::string& name)>& predicate);

// Removes the file if it exists.
void remove_if_present(fs::Filesystem& fs, std::string_view path);

}  // namespace nk3::fido::paths
