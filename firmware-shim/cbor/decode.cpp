// Strict CBOR decoding over cbor_stream_decode: the callbacks build cbor::Value items on an
// explicit stack of open containers.

#include "cbor/decode.hpp"

#include <cbor.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "cbor/cbor_error.hpp"

namespace nk3::cbor {

namespace {

struct Frame {
    Value container;
    std::uint64_t remaining = 0;  // items still to come (keys and values for a map)
    std::optional<Value> key;     // a map key waiting for its value
};

struct Builder {
    std::size_t max_depth = 0;
    std::size_t bytes_left = 0;  // input bytes after the item being decoded
    std::vector<Frame> stack;
    std::optional<Value> root;
    std::optional<CborError> error;

    void fail(CborErrc code, const char* what) {
        if (!error) error.emplace(code, what);
    }

    void emit(Value v) {
        if (error) return;
        if (stack.empty()) {
            root = std::move(v);
            return;
        }
        Frame& top = stack.back();
        if (top.container.is_array()) {
            top.container.as_array().push_back(std::move(v));
        } else if (!top.key) {
            top.key = std::move(v);
        } else {
            auto& entries = top.container.as_map();
            for (const auto& e : entries)
                if (e.key == *top.key) return fail(CborErrc::invalid_cbor, "duplicate map key");
            entries.push_back({std::move(*top.key), std::move(v)});
            top.key.reset();
        }
        if (--top.remaining == 0) {
            Value done = std::move(top.container);
            stack.pop_back();
            emit(std::move(done));  // bounded by max_depth
        }
    }

    void open(Value container, std::uint64_t items) {
        if (error) return;
        if (stack.size() + 1 > max_depth) return fail(CborErrc::invalid_cbor, "nesting too deep");
        // Every item takes at least one byte: a count beyond the input is malformed, and
        // refusing it here keeps a hostile count from driving any allocation.
        if (items > bytes_left) return fail(CborErrc::invalid_cbor, "count beyond the input");
        if (items == 0) return emit(std::move(container));
        // Reserving spares growing the vector of Values item by item; the cap keeps a
        // hostile count from reserving more than a CTAP-sized container before it fails.
        constexpr std::uint64_t kMaxReserve = 32;
        if (container.is_map()) {
            container.as_map().reserve(static_cast<std::size_t>(std::min(items / 2, kMaxReserve)));
        } else {
            container.as_array().reserve(static_cast<std::size_t>(std::min(items, kMaxReserve)));
        }
        stack.push_back({std::move(container), items, std::nullopt});
    }
};

Builder& ctx(void* p) {
    return *static_cast<Builder*>(p);
}

void on_uint8(void* c, std::uint8_t v) {
    ctx(c).emit(Value(static_cast<std::uint64_t>(v)));
}
void on_uint16(void* c, std::uint16_t v) {
    ctx(c).emit(Value(static_cast<std::uint64_t>(v)));
}
void on_uint32(void* c, std::uint32_t v) {
    ctx(c).emit(Value(static_cast<std::uint64_t>(v)));
}
void on_uint64(void* c, std::uint64_t v) {
    ctx(c).emit(Value(v));
}
void on_negint8(void* c, std::uint8_t v) {
    ctx(c).emit(Value::negative_raw(v));
}
void on_negint16(void* c, std::uint16_t v) {
    ctx(c).emit(Value::negative_raw(v));
}
void on_negint32(void* c, std::uint32_t v) {
    ctx(c).emit(Value::negative_raw(v));
}
void on_negint64(void* c, std::uint64_t v) {
    ctx(c).emit(Value::negative_raw(v));
}

void on_bytes(void* c, cbor_data data, std::size_t n) {
    ctx(c).emit(Value(ByteView(data, n)));
}
void on_text(void* c, cbor_data data, std::size_t n) {
    std::string s(reinterpret_cast<const char*>(data), n);
    if (!valid_utf8(s)) return ctx(c).fail(CborErrc::invalid_cbor, "text is not UTF-8");
    ctx(c).emit(Value(std::move(s)));
}
void on_indefinite(void* c) {
    ctx(c).fail(CborErrc::invalid_cbor, "indefinite length");
}
void on_array(void* c, std::size_t n) {
    ctx(c).open(Value(Value::Array{}), n);
}
void on_map(void* c, std::size_t n) {
    if (n > SIZE_MAX / 2) return ctx(c).fail(CborErrc::invalid_cbor, "map too large");
    ctx(c).open(Value(Value::Map{}), 2 * static_cast<std::uint64_t>(n));
}
void on_tag(void* c, std::uint64_t) {
    ctx(c).fail(CborErrc::unexpected_type, "tag");
}
void on_float(void* c, float) {
    ctx(c).emit(Value::other());
}
void on_double(void* c, double) {
    ctx(c).emit(Value::other());
}
void on_undefined(void* c) {
    ctx(c).emit(Value::other());
}
void on_null(void* c) {
    ctx(c).emit(Value::null());
}
void on_bool(void* c, bool v) {
    ctx(c).emit(Value(v));
}
void on_break(void* c) {
    ctx(c).fail(CborErrc::invalid_cbor, "break outside indefinite item");
}

const cbor_callbacks kCallbacks = [] {
    cbor_callbacks cb{};
    cb.uint8 = on_uint8;
    cb.uint16 = on_uint16;
    cb.uint32 = on_uint32;
    cb.uint64 = on_uint64;
    cb.negint8 = on_negint8;
    cb.negint16 = on_negint16;
    cb.negint32 = on_negint32;
    cb.negint64 = on_negint64;
    cb.byte_string_start = on_indefinite;
    cb.byte_string = on_bytes;
    cb.string = on_text;
    cb.string_start = on_indefinite;
    cb.indef_array_start = on_indefinite;
    cb.array_start = on_array;
    cb.indef_map_start = on_indefinite;
    cb.map_start = on_map;
    cb.tag = on_tag;
    cb.float2 = on_float;
    cb.float4 = on_float;
    cb.float8 = on_double;
    cb.undefined = on_undefined;
    cb.null = on_null;
    cb.boolean = on_bool;
    cb.indef_break = on_break;
    return cb;
}();

}  // namespace

Value decode(ByteView data, const DecodeLimits& limits) {
    Builder b;
    b.max_depth = limits.max_depth;
    std::size_t offset = 0;
    if (data.empty()) throw CborError(CborErrc::invalid_cbor, "empty input");
    while (offset < data.size()) {
        if (b.root) throw CborError(CborErrc::invalid_cbor, "trailing bytes");
        b.bytes_left = data.size() - offset;
        const auto r =
            cbor_stream_decode(data.data() + offset, data.size() - offset, &kCallbacks, &b);
        if (r.status != CBOR_DECODER_FINISHED || r.read == 0)
            throw CborError(CborErrc::invalid_cbor, "malformed or truncated item");
        offset += r.read;
        b.bytes_left = data.size() - offset;
        if (b.error) throw *b.error;
    }
    if (!b.root) throw CborError(CborErrc::invalid_cbor, "truncated item");
    return std::move(*b.root);
}

bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    while (i < n) {
        const unsigned c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        static constexpr std::uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

}  // namespace nk3::cbor
