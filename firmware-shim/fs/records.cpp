#include "fs/records.hpp"

#include <zlib.h>

namespace nk3::fs {

namespace {

// Encodes into `out`, or only counts the bytes when `out` is null (sizes without allocating).
class Writer {
  public:
    explicit Writer(std::vector<std::uint8_t>* out) : out_(out) {}
    void u8(std::uint8_t v) {
        ++count_;
        if (out_) out_->push_back(v);
    }
    void u16(std::uint16_t v) {
        u8(static_cast<std::uint8_t>(v));
        u8(static_cast<std::uint8_t>(v >> 8));
    }
    void u32(std::uint32_t v) {
        u16(static_cast<std::uint16_t>(v));
        u16(static_cast<std::uint16_t>(v >> 16));
    }
    void bytes(std::span<const std::uint8_t> b) {
        count_ += b.size();
        if (out_) out_->insert(out_->end(), b.begin(), b.end());
    }
    std::size_t count() const { return count_; }

  private:
    std::vector<std::uint8_t>* out_;
    std::size_t count_ = 0;
};

class Reader {
  public:
    explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}
    bool ok() const { return ok_; }
    bool done() const { return pos_ == in_.size(); }
    std::uint8_t u8() {
        if (pos_ + 1 > in_.size()) return fail();
        return in_[pos_++];
    }
    std::uint16_t u16() {
        const std::uint16_t lo = u8();
        return static_cast<std::uint16_t>(lo | (u8() << 8));
    }
    std::uint32_t u32() {
        const std::uint32_t lo = u16();
        return lo | (static_cast<std::uint32_t>(u16()) << 16);
    }
    std::span<const std::uint8_t> bytes(std::size_t n) {
        if (pos_ + n > in_.size()) {
            fail();
            return {};
        }
        auto s = in_.subspan(pos_, n);
        pos_ += n;
        return s;
    }

  private:
    std::uint8_t fail() {
        ok_ = false;
        pos_ = in_.size();
        return 0;
    }
    std::span<const std::uint8_t> in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

constexpr std::uint32_t kNoPair = 0xFFFFFFFFu;

RecordType type_of(const Superblock&) {
    return RecordType::superblock;
}
RecordType type_of(const Tail&) {
    return RecordType::tail;
}
RecordType type_of(const Entry&) {
    return RecordType::entry;
}
RecordType type_of(const Remove&) {
    return RecordType::remove;
}

void payload(const Superblock& v, Writer& w) {
    w.u32(kMagic);
    w.u16(v.version);
    w.u32(v.block_size);
    w.u32(v.block_count);
    w.u32(v.prog_size);
    w.u8(v.name_max);
}

void payload(const Tail& v, Writer& w) {
    w.u32(v.next ? (*v.next)[0] : kNoPair);
    w.u32(v.next ? (*v.next)[1] : kNoPair);
}

void payload(const Entry& v, Writer& w) {
    w.u16(v.ino);
    w.u16(v.parent);
    w.u32(v.seq);
    w.u8(static_cast<std::uint8_t>(v.kind));
    w.u8(static_cast<std::uint8_t>(v.name.size()));
    w.bytes({reinterpret_cast<const std::uint8_t*>(v.name.data()), v.name.size()});
    if (v.kind != EntryKind::file) return;
    w.u32(v.size);
    w.u32(v.crc);
    w.u8(v.inlined ? 0 : 1);
    if (v.inlined) {
        w.bytes(v.data);
        return;
    }
    w.u16(static_cast<std::uint16_t>(v.blocks.size()));
    for (auto b : v.blocks)
        w.u32(b);
}

void payload(const Remove& v, Writer& w) {
    w.u16(v.ino);
}

template <typename T>
std::size_t size_of(const T& record) {
    Writer counter(nullptr);
    payload(record, counter);
    return kRecordHeader + counter.count();
}

template <typename T>
void encode_one(const T& record, std::vector<std::uint8_t>& out) {
    const std::size_t at = out.size();
    out.insert(out.end(), {static_cast<std::uint8_t>(type_of(record)), 0, 0});
    Writer w(&out);
    payload(record, w);
    out[at + 1] = static_cast<std::uint8_t>(w.count());
    out[at + 2] = static_cast<std::uint8_t>(w.count() >> 8);
}

}  // namespace

void encode(const Record& record, std::vector<std::uint8_t>& out) {
    std::visit([&](const auto& v) { encode_one(v, out); }, record);
}
void encode(const Superblock& record, std::vector<std::uint8_t>& out) {
    encode_one(record, out);
}
void encode(const Tail& record, std::vector<std::uint8_t>& out) {
    encode_one(record, out);
}
void encode(const Entry& record, std::vector<std::uint8_t>& out) {
    encode_one(record, out);
}

std::size_t encoded_size(const Record& record) {
    return std::visit([](const auto& v) { return size_of(v); }, record);
}
std::size_t encoded_size(const Superblock& record) {
    return size_of(record);
}
std::size_t encoded_size(const Tail& record) {
    return size_of(record);
}
std::size_t encoded_size(const Entry& record) {
    return size_of(record);
}

std::optional<Record> decode(std::uint8_t type, std::span<const std::uint8_t> payload) {
    Reader r(payload);
    switch (static_cast<RecordType>(type)) {
        case RecordType::superblock: {
            if (r.u32() != kMagic) return std::nullopt;
            Superblock s;
            s.version = r.u16();
            s.block_size = r.u32();
            s.block_count = r.u32();
            s.prog_size = r.u32();
            s.name_max = r.u8();
            if (!r.ok() || !r.done()) return std::nullopt;
            return s;
        }
        case RecordType::tail: {
            const std::uint32_t a = r.u32(), b = r.u32();
            if (!r.ok() || !r.done()) return std::nullopt;
            if (a == kNoPair && b == kNoPair) return Tail{};
            return Tail{PairAddr{a, b}};
        }
        case RecordType::entry: {
            Entry e;
            e.ino = r.u16();
            e.parent = r.u16();
            e.seq = r.u32();
            const std::uint8_t kind = r.u8();
            if (kind != 1 && kind != 2) return std::nullopt;
            e.kind = static_cast<EntryKind>(kind);
            const std::uint8_t name_len = r.u8();
            auto name = r.bytes(name_len);
            e.name.assign(name.begin(), name.end());
            if (e.kind == EntryKind::file) {
                e.size = r.u32();
                e.crc = r.u32();
                const std::uint8_t layout = r.u8();
                if (layout == 0) {
                    e.inlined = true;
                    auto d = r.bytes(e.size);
                    e.data.assign(d.begin(), d.end());
                } else if (layout == 1) {
                    e.inlined = false;
                    const std::uint16_t n = r.u16();
                    if (!r.ok()) return std::nullopt;
                    e.blocks.reserve(n);
                    for (std::uint16_t i = 0; i < n && r.ok(); ++i)
                        e.blocks.push_back(r.u32());
                } else {
                    return std::nullopt;
                }
            }
            if (!r.ok() || !r.done() || e.ino == kRootIno || e.name.empty()) return std::nullopt;
            return e;
        }
        case RecordType::remove: {
            Remove rm{r.u16()};
            if (!r.ok() || !r.done()) return std::nullopt;
            return rm;
        }
        default:
            return std::nullopt;
    }
}

std::uint32_t crc32_of(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
    return static_cast<std::uint32_t>(crc32(crc, bytes.data(), static_cast<uInt>(bytes.size())));
}

}  // namespace nk3::fs
