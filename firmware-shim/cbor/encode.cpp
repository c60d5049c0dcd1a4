// Canonical CTAP2 CBOR encoding of cbor::Value with libcbor's low-level encoders (encoding.h),
// written straight into a byte vector: no libcbor item tree is built.

#include "cbor/encode.hpp"

#include <cbor.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace nk3::cbor {

namespace {

class Writer {
  public:
    explicit Writer(Bytes& out) : out_(out) {}

    void value(const Value& v) {
        switch (v.kind()) {
            case Kind::unsigned_int:
                head(cbor_encode_uint, v.raw());
                return;
            case Kind::negative_int:
                head(cbor_encode_negint, v.raw());
                return;
            case Kind::bytes: {
                const auto& b = v.as_bytes();
                head(cbor_encode_bytestring_start, b.size());
                out_.insert(out_.end(), b.begin(), b.end());
                return;
            }
            case Kind::text: {
                const auto& t = v.as_text();
                head(cbor_encode_string_start, t.size());
                out_.insert(out_.end(), t.begin(), t.end());
                return;
            }
            case Kind::array: {
                const auto& items = v.as_array();
                head(cbor_encode_array_start, items.size());
                for (const auto& item : items)
                    value(item);
                return;
            }
            case Kind::map:
                map(v.as_map());
                return;
            case Kind::boolean:
                head(cbor_encode_bool, v.as_bool());
                return;
            case Kind::null:  // cbor_encode_null takes no argument: the lambda drops one
                head([](bool, unsigned char* b, std::size_t n) { return cbor_encode_null(b, n); },
                     false);
                return;
            case Kind::other:
                break;
        }
        throw std::logic_error("cbor::encode: value has no encoding");
    }

  private:
    // Appends what the libcbor encoder writes for `arg`: the shortest head (initial byte and
    // argument) for it, at most 9 bytes. The encoders return 0 only when the buffer is short.
    template <typename Encoder, typename Arg>
    void head(Encoder encoder, Arg arg) {
        constexpr std::size_t kMaxHead = 9;
        const std::size_t at = out_.size();
        out_.resize(at + kMaxHead);
        const std::size_t n = encoder(arg, out_.data() + at, kMaxHead);
        if (n == 0) throw std::logic_error("cbor::encode: head longer than 9 bytes");
        out_.resize(at + n);
    }

    // Each key is encoded once, into `keys`; the entries are sorted by those bytes (shorter
    // first, then bytewise) and written as the key's bytes followed by the value.
    void map(const Value::Map& entries) {
        struct Slot {
            std::size_t offset;  // of the encoded key in `keys`
            std::size_t size;
            const Value* value;
        };
        Bytes keys;
        std::vector<Slot> slots;
        slots.reserve(entries.size());
        Writer key_writer(keys);
        for (const auto& e : entries) {
            const std::size_t at = keys.size();
            key_writer.value(e.key);
            slots.push_back({at, keys.size() - at, &e.value});
        }
        const auto compare = [&keys](const Slot& a, const Slot& b) {
            if (a.size != b.size) return a.size < b.size ? -1 : 1;
            return std::memcmp(keys.data() + a.offset, keys.data() + b.offset, a.size);
        };
        std::sort(slots.begin(), slots.end(),
                  [&compare](const Slot& a, const Slot& b) { return compare(a, b) < 0; });
        for (std::size_t i = 1; i < slots.size(); ++i)
            if (compare(slots[i - 1], slots[i]) == 0)
                throw std::logic_error("cbor::encode: duplicate map key");
        head(cbor_encode_map_start, slots.size());
        for (const auto& s : slots) {
            const auto key = keys.begin() + static_cast<std::ptrdiff_t>(s.offset);
            out_.insert(out_.end(), key, key + static_cast<std::ptrdiff_t>(s.size));
            value(*s.value);
        }
    }

    Bytes& out_;
};

}  // namespace

Bytes encode(const Value& value) {
    // Written into a buffer the calling thread keeps at the largest size it needed so far, then
    // copied out at its exact size: one allocation for the result in the usual case.
    thread_local Bytes scratch;
    scratch.clear();
    Writer(scratch).value(value);
    return scratch;
}

}  // namespace nk3::cbor
