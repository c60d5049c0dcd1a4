// Key files: CBOR encoding and their place under fido/sec.

#include "fido/key_file.hpp"

#include "cbor/cbor_error.hpp"
#include "cbor/decode.hpp"
#include "cbor/encode.hpp"
#include "cbor/request_map.hpp"
#include "fido/file_ops.hpp"
#include "fido/paths.hpp"

namespace nk3::fido {

crypto::Bytes encode_key_file(const StoredKey& key) {
    return cbor::encode(cbor::map({{1, static_cast<int>(key.kind)}, {2, key.bytes}}));
}

std::optional<StoredKey> decode_key_file(crypto::ByteView content) {
    try {
        const auto v = cbor::decode(content);
        cbor::IntKeyMap m(v);
        const auto kind = m.require(1).as_uint();
        const auto& bytes = m.require(2).as_bytes();
        if (kind < 1 || kind > 3 || bytes.size() != 32) return std::nullopt;
        return StoredKey{static_cast<KeyKind>(kind), bytes};
    } catch (const cbor::CborError&) {
        return std::nullopt;
    }
}

std::optional<StoredKey> read_key(const fs::Filesystem& fs, crypto::ByteView key_id) {
    const auto content = paths::read_if_present(fs, paths::key_file(key_id));
    if (!content) return std::nullopt;
    return decode_key_file(*content);
}

void write_key(fs::Filesystem& fs, crypto::ByteView key_id, const StoredKey& key) {
    paths::ensure_dir(fs, paths::kSec);
    auto content = encode_key_file(key);
    file_ops::write_file(fs, paths::key_file(key_id), content);
    crypto::secure_wipe(content);
}

void remove_key(fs::Filesystem& fs, crypto::ByteView key_id) {
    paths::remove_if_present(fs, paths::key_file(key_id));
}

}  // namespace nk3::fido
