#include "fs/metadata_block.hpp"

#include <algorithm>
#include <utility>

#include "common/endian.hpp"

namespace nk3::fs {

namespace {
std::uint32_t align_up(std::uint32_t v, std::uint32_t a) {
    return (v + a - 1) / a * a;
}

}  // namespace

void PairState::apply(const Record& record) {
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Superblock>) {
                superblock = v;
            } else if constexpr (std::is_same_v<T, Tail>) {
                tail = v.next;
            } else if constexpr (std::is_same_v<T, Entry>) {
                entries[v.ino] = v;
            } else {
                entries.erase(v.ino);
            }
        },
        record);
}

void PairState::apply(Record&& record) {
    if (auto* e = std::get_if<Entry>(&record)) {
        const std::uint16_t ino = e->ino;
        entries[ino] = std::move(*e);
        return;
    }
    apply(std::as_const(record));
}

ParsedBlock parse_metadata_block(std::span<const std::uint8_t> block, std::uint32_t prog_size) {
    ParsedBlock out;
    const auto size = static_cast<std::uint32_t>(block.size());
    if (size < 4 + kCrcRecord) return out;
    out.revision = load_le32(block.data());
    if (out.revision == 0xFFFFFFFFu) return out;  // erased

    std::uint32_t commit_start = 0;
    std::uint32_t pos = 4;
    std::vector<Record> pending;
    while (pos + kRecordHeader <= size) {
        const std::uint8_t type = block[pos];
        if (type == static_cast<std::uint8_t>(RecordType::erased) && pending.empty()) break;
        const std::uint32_t len = block[pos + 1] | (block[pos + 2] << 8);
        if (pos + kRecordHeader + len > size) break;
        const auto payload = block.subspan(pos + kRecordHeader, len);
        if (type == static_cast<std::uint8_t>(RecordType::crc)) {
            if (len != 4) break;
            const auto covered = block.subspan(commit_start, pos + kRecordHeader - commit_start);
            if (crc32_of(covered) != load_le32(payload.data())) break;
            for (const auto& r : pending)
                out.state.apply(r);
            pending.clear();
            ++out.commits;
            pos = align_up(pos + static_cast<std::uint32_t>(kCrcRecord), prog_size);
            out.end = pos;
            commit_start = pos;
            continue;
        }
        auto record = decode(type, payload);
        if (!record) break;
        pending.push_back(std::move(*record));
        pos += static_cast<std::uint32_t>(kRecordHeader) + len;
    }
    out.valid = out.commits > 0;
    if (!out.valid) return out;
    out.dirty = std::any_of(block.begin() + std::min(out.end, size), block.end(),
                            [](std::uint8_t b) { return b != 0xFF; });
    return out;
}

namespace {

// Writes the records with `encode_records(out)` between the revision word and the CRC record.
template <typename F>
std::vector<std::uint8_t> build_commit_with(F&& encode_records,
                                            std::optional<std::uint32_t> revision,
                                            std::uint32_t prog_size) {
    std::vector<std::uint8_t> out;
    out.reserve(prog_size);  // most commits fit one program unit
    if (revision) {
        out.resize(4);
        store_le32(out.data(), *revision);
    }
    encode_records(out);
    out.insert(out.end(), {static_cast<std::uint8_t>(RecordType::crc), 4, 0});
    const std::uint32_t crc = crc32_of(out);
    out.resize(out.size() + 4);
    store_le32(out.data() + out.size() - 4, crc);
    out.resize(align_up(static_cast<std::uint32_t>(out.size()), prog_size), 0xFF);
    return out;
}

}  // namespace

std::vector<std::uint8_t> build_commit(std::span<const Record> records,
                                       std::optional<std::uint32_t> revision,
                                       std::uint32_t prog_size) {
    return build_commit_with(
        [&](std::vector<std::uint8_t>& out) {
            for (const auto& r : records)
                encode(r, out);
        },
        revision, prog_size);
}

std::vector<std::uint8_t> build_commit(const PairState& state,
                                       std::optional<std::uint32_t> revision,
                                       std::uint32_t prog_size) {
    // Superblock, entries by inode, tail: the records that rebuild the state in one commit.
    return build_commit_with(
        [&](std::vector<std::uint8_t>& out) {
            if (state.superblock) encode(*state.superblock, out);
            for (const auto& [ino, e] : state.entries)
                encode(e, out);
            if (state.tail) encode(Tail{state.tail}, out);
        },
        revision, prog_size);
}

}  // namespace nk3::fs
