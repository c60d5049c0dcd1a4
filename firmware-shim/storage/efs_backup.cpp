#include "storage/efs_backup.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "common/endian.hpp"
#include "common/firmware_panic.hpp"
#include "flash/flash_error.hpp"

namespace nk3::storage {

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr char kStart[4] = {'S', 'B', '|', '|'};
constexpr char kEnd[4] = {'|', '|', 'E', 'B'};
constexpr std::size_t kMaxDepth = 8;  // MAX_FS_DEPTH: entries of the walk's path stack

std::size_t padded(std::size_t n) {
    return n + (EfsBackup::kRwSize - n % EfsBackup::kRwSize) % EfsBackup::kRwSize;
}

void put_varint(Bytes& out, std::uint32_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<std::uint8_t>(v | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(v));
}

void put_bytes(Bytes& out, std::span<const std::uint8_t> b) {
    put_varint(out, static_cast<std::uint32_t>(b.size()));
    out.insert(out.end(), b.begin(), b.end());
}

// postcard deserialisation of the few types an FSEntryBlob has; any misfit is DeserializeErr.
class Reader {
  public:
    explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}
    std::uint8_t byte() {
        if (pos_ >= in_.size()) fail();
        return in_[pos_++];
    }
    std::uint32_t varint() {
        std::uint32_t v = 0;
        for (int i = 0; i < 5; ++i) {
            const std::uint8_t b = byte();
            if (i == 4 && b > 0x0F) fail();
            v |= static_cast<std::uint32_t>(b & 0x7F) << (7 * i);
            if (!(b & 0x80)) return v;
        }
        fail();
    }
    Bytes bytes(std::size_t max) {
        const std::uint32_t n = varint();
        if (n > max || n > in_.size() - pos_) fail();
        Bytes out(in_.begin() + static_cast<std::ptrdiff_t>(pos_),
                  in_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
        pos_ += n;
        return out;
    }
    bool flag() {
        const std::uint8_t b = byte();
        if (b > 1) fail();
        return b == 1;
    }
    [[noreturn]] static void fail() { throw BackupError("backup: DeserializeErr"); }

  private:
    std::span<const std::uint8_t> in_;
    std::size_t pos_ = 0;
};

}  // namespace

EfsBackup::EfsBackup(flash::NorFlash& external) : flash_(external), spare_offset_(0), cursor_(0) {
    if (external.size() < kSpareSize)
        throw flash::FlashError("backup: the external chip is smaller than the 128 KiB spare");
    spare_offset_ = external.size() - kSpareSize;
    cursor_ = spare_offset_;
}

void EfsBackup::erase() {
    const std::uint32_t sector = flash_.geometry().erase_size;
    for (std::uint32_t a = spare_offset_; a < spare_offset_ + kSpareSize; a += sector)
        flash_.erase_page(a / sector);
    cursor_ = spare_offset_;
}

void EfsBackup::write(std::span<const std::uint8_t> content) {
    Bytes data(content.begin(), content.end());
    data.resize(padded(data.size()), 0x00);
    // The QSPI write task programs 256 B pages; the GD25Q16 ignores address bits above its
    // size, so a blob running past the chip's end wraps to its start (never with FIDO data).
    for (std::size_t off = 0; off < data.size(); off += kRwSize)
        flash_.program(static_cast<std::uint32_t>((cursor_ + off) % flash_.size()),
                       std::span<const std::uint8_t>(data).subspan(off, kRwSize));
    cursor_ += static_cast<std::uint32_t>(data.size());
}

Bytes EfsBackup::read(std::size_t length) {
    if (length > kMaxBlob) throw FirmwarePanic("backup read: assuming: N > len");
    Bytes out(length);
    for (std::size_t i = 0; i < length; ++i) {
        std::uint8_t b = 0;
        flash_.read(static_cast<std::uint32_t>((cursor_ + i) % flash_.size()), {&b, 1});
        out[i] = b;
    }
    cursor_ += static_cast<std::uint32_t>(padded(length));
    return out;
}

Bytes EfsBackup::encode(const BackupEntry& entry) {
    Bytes path(entry.path.begin(), entry.path.end());
    path.push_back(0);
    if (path.size() > kPathMax) throw BackupError("backup: PathAssemblyErr (" + entry.path + ")");
    Bytes raw;
    put_bytes(raw, path);
    raw.push_back(entry.is_dir ? 1 : 0);
    raw.push_back(entry.content ? 1 : 0);
    if (entry.content) put_bytes(raw, *entry.content);
    raw.push_back(0);  // attr: None
    if (raw.size() > kMaxBlob) throw BackupError("backup: SerializeErr (" + entry.path + ")");
    if (raw.size() + 4 > kMaxBlob)
        throw BackupError("backup: DataAssemblyErr (" + entry.path + ")");
    std::array<std::uint8_t, 4> prefix{};
    store_be32(prefix.data(), static_cast<std::uint32_t>(raw.size()));
    raw.insert(raw.begin(), prefix.begin(), prefix.end());
    return raw;
}

BackupEntry EfsBackup::decode(std::span<const std::uint8_t> postcard) {
    Reader r(postcard);
    Bytes path = r.bytes(kPathMax);
    BackupEntry e;
    e.is_dir = r.flag();
    if (r.flag()) e.content = r.bytes(SIZE_MAX);
    if (r.flag()) r.bytes(SIZE_MAX);  // a user attribute: read, not modelled
    if (path.empty() || path.back() != 0 ||
        std::find(path.begin(), path.end() - 1, 0) != path.end() - 1)
        throw BackupError("backup: PathAssemblyErr");
    e.path.assign(path.begin(), path.end() - 1);
    return e;
}

void EfsBackup::backup_dir(const fs::Filesystem& fs, const std::string& dir, std::size_t level,
                           std::size_t& count) {
    for (const fs::DirEntry& d : fs.list(dir)) {
        const std::string path = (dir == "/" ? "" : dir) + "/" + d.name;
        BackupEntry e{path, d.kind == fs::EntryKind::dir, std::nullopt};
        if (e.is_dir) {
            if (level + 2 > kMaxDepth) throw BackupError("backup: PathStackFullErr at " + path);
        } else {
            e.content = fs.read_file(path);
        }
        write(encode(e));
        ++count;
        if (e.is_dir) backup_dir(fs, path, level + 1, count);
    }
}

std::size_t EfsBackup::backup(const fs::Filesystem& fs) {
    write({reinterpret_cast<const std::uint8_t*>(kStart), 4});
    std::size_t count = 0;
    try {
        backup_dir(fs, "/", 0, count);
    } catch (const fs::FsError& e) {
        throw BackupError(std::string("backup: LittleFs2Err (") + e.what() + ")");
    }
    write({reinterpret_cast<const std::uint8_t*>(kEnd), 4});
    return count;
}

EfsBackup::Piece EfsBackup::read_next() {
    const Bytes chunk = read(kRwSize);
    if (std::memcmp(chunk.data(), kStart, 4) == 0) return {Piece::Kind::start, {}};
    if (std::memcmp(chunk.data(), kEnd, 4) == 0) return {Piece::Kind::end, {}};
    const std::uint32_t blob_len = load_be32(chunk.data());
    Bytes postcard(chunk.begin() + 4, chunk.end());
    if (blob_len > kRwSize - 4) {
        const Bytes rest = read(blob_len - (kRwSize - 4));
        if (postcard.size() + rest.size() > kMaxBlob) throw BackupError("backup: DataAssemblyErr");
        postcard.insert(postcard.end(), rest.begin(), rest.end());
    }
    return {Piece::Kind::entry, decode(postcard)};
}

std::size_t EfsBackup::restore(fs::Filesystem& fs) {
    // The first piece should be the start delimiter; an entry there is read and skipped, as the
    // firmware does.
    if (read_next().kind == Piece::Kind::end) throw BackupError("backup: EndOfBackupBlobs first");
    std::size_t count = 0;
    try {
        for (Piece p = read_next(); p.kind != Piece::Kind::end; p = read_next()) {
            if (p.kind == Piece::Kind::start) throw BackupError("backup: StartOfBackupBlobs");
            if (p.entry.is_dir) {
                fs.mkdir(p.entry.path);
            } else {
                if (!p.entry.content)
                    throw FirmwarePanic("restore: a file entry without content (unwrap on None)");
                fs.write_file(p.entry.path, *p.entry.content);
            }
            ++count;
        }
    } catch (const fs::FsError& e) {
        throw BackupError(std::string("restore: LittleFs2Err (") + e.what() + ")");
    }
    return count;
}

}  // namespace nk3::storage
