#pragma once
// Where the FIDO application keeps its files on the internal filesystem (the real firmware's
// layout, NK3-FACTS.md), and the helpers that name them.

#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "fs/filesystem.hpp"

namespace nk3::fido::paths {

inline constexpr std::string_view kRoot = "fido";
inline constexpr std::string_view kDat = "fido/dat";
inline constexpr std::string_view kSec = "fido/sec";
inline constexpr std::string_view kX5c = "fido/x5c";
inline constexpr std::string_view kRk = "fido/dat/rk";
inline constexpr std::string_view kState = "fido/dat/persistent-state.cbor";
inline constexpr std::string_view kAttestationKey = "fido/sec/00";
inline constexpr std::string_view kAttestationCert = "fido/x5c/00";

// Lower-case hex of the bytes.
std::string hex(crypto::ByteView bytes);

// fido/sec/<hex of id>
std::string key_file(crypto::ByteView key_id);

// Name (not path) of a resident credential's file: <8 hex of rpIdHash>.<8 hex of SHA-256(id)>.
std::string rk_name(crypto::ByteView rp_id_hash, crypto::ByteView credential_id);
std::string rk_file(crypto::ByteView rp_id_hash, crypto::ByteView credential_id);

// Creates `dir` and its missing parents (mkdir of each absent component: one commit each).
void ensure_dir(fs::Filesystem& fs, std::string_view dir);

// The file's content, or std::nullopt when it is absent or its content fails its checksum.
std::optional<crypto::Bytes> read_if_present(const fs::Filesystem& fs, std::string_view path);

// Removes the file if it exists.
void remove_if_present(fs::Filesystem& fs, std::string_view path);

}  // namespace nk3::fido::paths
