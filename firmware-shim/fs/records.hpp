#pragma once
// The records a metadata commit is made of, and their byte encoding (docs/storage.md).
//
//   record  = type:u8  length:u16le  payload[length]
//   commit  = record* CRC-record, padded with 0xFF to the program size
//
// Integers are little-endian. Type 0xFF where a record should start means erased space: the end
// of the log.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace nk3::fs {

using PairAddr = std::array<std::uint32_t, 2>;

enum class RecordType : std::uint8_t {
    superblock = 0x10,
    tail = 0x20,
    entry = 0x30,
    remove = 0x31,
    crc = 0x7F,
    erased = 0xFF,
};

inline constexpr std::uint32_t kMagic = 0x6633'6B6E;  // "nk3f" little-endian
inline constexpr std::uint16_t kVersion = 1;
inline constexpr std::size_t kRecordHeader = 3;
inline constexpr std::size_t kCrcRecord = kRecordHeader + 4;
inline constexpr std::uint16_t kRootIno = 0;

struct Superblock {
    std::uint16_t version = kVersion;
    std::uint32_t block_size = 0;
    std::uint32_t block_count = 0;
    std::uint32_t prog_size = 0;
    std::uint8_t name_max = 0;
    bool operator==(const Superblock&) const = default;
};

// Next metadata pair of the chain; std::nullopt ends the chain.
struct Tail {
    std::optional<PairAddr> next;
};

enum class EntryKind : std::uint8_t { file = 1, dir = 2 };

struct Entry {
    std::uint16_t ino = 0;
    std::uint16_t parent = kRootIno;
    std::uint32_t seq = 0;  // global write sequence; the higher wins when two entries collide
    EntryKind kind = EntryKind::file;
    std::string name;
    // Files only:
    std::uint32_t size = 0;
    std::uint32_t crc = 0;  // CRC-32 of the whole content
    bool inlined = true;
    std::vector<std::uint8_t> data;     // inlined content
    std::vector<std::uint32_t> blocks;  // content blocks, in order, when not inlined
};

struct Remove {
    std::uint16_t ino = 0;
};

using Record = std::variant<Superblock, Tail, Entry, Remove>;

// Appends the encoded record (header and payload).
void encode(const Record& record, std::vector<std::uint8_t>& out);
// The same for one alternative, without building a Record (no copy of the entry).
void encode(const Superblock& record, std::vector<std::uint8_t>& out);
void encode(const Tail& record, std::vector<std::uint8_t>& out);
void encode(const Entry& record, std::vector<std::uint8_t>& out);
std::size_t encoded_size(const Record& record);
// The same for one alternative, without building a Record (no copy of the entry).
std::size_t encoded_size(const Superblock& record);
std::size_t encoded_size(const Tail& record);
std::size_t encoded_size(const Entry& record);
// std::nullopt when the payload does not decode as the given type.
std::optional<Record> decode(std::uint8_t type, std::span<const std::uint8_t> payload);

std::uint32_t crc32_of(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);

}  // namespace nk3::fs
