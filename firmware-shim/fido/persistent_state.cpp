// The persistent state file: CBOR encoding, strict decoding, load and save.

#include "fido/persistent_state.hpp"

#include <algorithm>

#include "cbor/cbor_error.hpp"
#include "cbor/decode.hpp"
#include "cbor/encode.hpp"
#include "cbor/request_map.hpp"
#include "fido/file_ops.hpp"
#include "fido/paths.hpp"

namespace nk3::fido {

namespace {

constexpr std::uint64_t kFormatVersion = 1;

enum Key : std::uint64_t {
    kVersion = 0,
    kKek = 1,
    kKwk = 2,
    kPinHash = 3,
    kPinLength = 4,
    kPinRetries = 5,
    kCounter = 6,
    kMinPinLength = 7,
    kForcePinChange = 8,
};

std::uint64_t bounded(const cbor::Value& v, std::uint64_t max) {
    const auto x = v.as_uint();
    if (x > max) throw cbor::CborError(cbor::CborErrc::invalid_cbor, "state value out of range");
    return x;
}

}  // namespace

crypto::Bytes encode_state(const PersistentState& s) {
    cbor::Value::Map m;
    m.reserve(9);  // every key the map can hold
    m.push_back({kVersion, kFormatVersion});
    if (s.kek_id) m.push_back({kKek, *s.kek_id});
    if (s.kwk_id) m.push_back({kKwk, *s.kwk_id});
    if (s.pin_hash) m.push_back({kPinHash, crypto::Bytes(s.pin_hash->begin(), s.pin_hash->end())});
    m.push_back({kPinLength, static_cast<int>(s.pin_length)});
    m.push_back({kPinRetries, static_cast<int>(s.pin_retries)});
    m.push_back({kCounter, s.signature_counter});
    m.push_back({kMinPinLength, static_cast<int>(s.min_pin_length)});
    m.push_back({kForcePinChange, s.force_pin_change});
    return cbor::encode(cbor::Value(std::move(m)));
}

std::optional<PersistentState> decode_state(crypto::ByteView content) {
    try {
        const auto v = cbor::decode(content);
        cbor::IntKeyMap m(v);
        if (m.require(kVersion).as_uint() != kFormatVersion) return std::nullopt;
        PersistentState s;
        if (const auto* b = m.bytes(kKek)) {
            if (b->size() != 16) return std::nullopt;
            s.kek_id = *b;
        }
        if (const auto* b = m.bytes(kKwk)) {
            if (b->size() != 16) return std::nullopt;
            s.kwk_id = *b;
        }
        if (const auto* b = m.bytes(kPinHash)) {
            if (b->size() != 16) return std::nullopt;
            s.pin_hash.emplace();
            std::copy(b->begin(), b->end(), s.pin_hash->begin());
        }
        s.pin_length = static_cast<std::uint8_t>(bounded(m.require(kPinLength), 63));
        s.pin_retries = static_cast<std::uint8_t>(bounded(m.require(kPinRetries), 255));
        s.signature_counter = static_cast<std::uint32_t>(bounded(m.require(kCounter), UINT32_MAX));
        s.min_pin_length = static_cast<std::uint8_t>(bounded(m.require(kMinPinLength), 63));
        s.force_pin_change = m.require(kForcePinChange).as_bool();
        return s;
    } catch (const cbor::CborError&) {
        return std::nullopt;
    }
}

LoadedState load_state(const fs::Filesystem& fs, const PersistentState& defaults) {
    LoadedState out{defaults, false, false};
    bool present = false;
    std::optional<crypto::Bytes> content;
    try {
        present = fs.exists(paths::kState);
        if (present) content = fs.read_file(paths::kState);
    } catch (const fs::FsError&) {
        content.reset();
    }
    if (!present) {
        out.missing = true;
        return out;
    }
    std::optional<PersistentState> parsed;
    if (content) parsed = decode_state(*content);
    if (!parsed) {
        out.corrupt = true;
        return out;
    }
    out.state = *parsed;
    return out;
}

void save_state(fs::Filesystem& fs, const PersistentState& state) {
    paths::ensure_dir(fs, paths::kDat);
    file_ops::write_file(fs, paths::kState, encode_state(state));
}

}  // namespace nk3::fido
