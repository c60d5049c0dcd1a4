#include "flash/nor_flash.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "common/endian.hpp"
#include "flash/flash_error.hpp"
#include "flash/rng.hpp"

namespace nk3::flash {

namespace {

std::shared_ptr<std::uint8_t[]> new_page(std::uint32_t size) {
    return std::make_shared_for_overwrite<std::uint8_t[]>(size);
}

// dst[i] &= src[i] for i < n, 32 bytes at a time (a GCC vector type: SIMD registers where the
// target has them), then a word, then a byte at a time: programming only clears bits, and a
// byte loop over a whole page was the simulated key's costliest flash step. src never aliases
// dst (the pages are private to the chip; callers program from their own buffers).
void and_into(std::uint8_t* dst, const std::uint8_t* src, std::size_t n) {
    using Chunk = std::uint64_t __attribute__((vector_size(32)));
    std::size_t i = 0;
    for (; i + sizeof(Chunk) <= n; i += sizeof(Chunk)) {
        Chunk a, b;
        std::memcpy(&a, dst + i, sizeof a);
        std::memcpy(&b, src + i, sizeof b);
        a &= b;
        std::memcpy(dst + i, &a, sizeof a);
    }
    for (; i + sizeof(std::uint64_t) <= n; i += sizeof(std::uint64_t)) {
        std::uint64_t a, b;
        std::memcpy(&a, dst + i, sizeof a);
        std::memcpy(&b, src + i, sizeof b);
        a &= b;
        std::memcpy(dst + i, &a, sizeof a);
    }
    for (; i < n; ++i)
        dst[i] &= src[i];
}

std::uint32_t count_changed(const std::uint8_t* a, const std::uint8_t* b, std::uint32_t n) {
    std::uint32_t changed = 0;
    for (std::uint32_t i = 0; i < n; ++i)
        changed += a[i] != b[i];
    return changed;
}

constexpr std::array<char, 8> kImageMagic{'N', 'K', '3', 'F', 'L', 'S', 'H', '1'};
constexpr std::size_t kImageHeader = 24;

}  // namespace

NorFlash::NorFlash(FlashGeometry geometry, PowerDomain& domain, std::uint8_t chip)
    : geometry_(geometry), domain_(&domain), chip_(chip) {
    geometry_.validate();
    auto erased = new_page(geometry_.erase_size);
    std::memset(erased.get(), geometry_.erased_value, geometry_.erase_size);
    erased_page_ = std::move(erased);
    pages_.assign(geometry_.page_count, erased_page_);
}

void NorFlash::check_range(std::uint32_t address, std::size_t length, const char* what) const {
    if (address > size() || length > size() - address) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "flash: %s of %zu bytes at 0x%x is outside the %u-byte chip",
                      what, length, address, size());
        throw FlashError(buf);
    }
}

void NorFlash::check_page(std::uint32_t page, const char* what) const {
    if (page >= geometry_.page_count) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "flash: %s page %u; the chip has %u pages", what, page,
                      geometry_.page_count);
        throw FlashError(buf);
    }
}

void NorFlash::check_snapshot(const Snapshot& snapshot) const {
    if (snapshot.pages.size() != pages_.size())
        throw FlashError("flash: snapshot was taken of a chip with another geometry");
}

std::uint8_t* NorFlash::writable_page(std::uint32_t page) {
    auto& slot = pages_[page];
    if (slot.use_count() != 1 || slot == erased_page_) {
        auto copy = new_page(geometry_.erase_size);
        std::memcpy(copy.get(), slot.get(), geometry_.erase_size);
        slot = std::move(copy);
    }
    // The page was allocated mutable (new_page) and nobody else holds it.
    return const_cast<std::uint8_t*>(slot.get());
}

void NorFlash::read(std::uint32_t address, std::span<std::uint8_t> out) const {
    domain_->require_power();
    check_range(address, out.size(), "read");
    std::size_t done = 0;
    while (done < out.size()) {
        const std::uint32_t at = address + static_cast<std::uint32_t>(done);
        const std::uint32_t page = at / geometry_.erase_size;
        const std::uint32_t off = at % geometry_.erase_size;
        const std::size_t n = std::min<std::size_t>(out.size() - done, geometry_.erase_size - off);
        std::memcpy(out.data() + done, page_data(page) + off, n);
        done += n;
    }
}

void NorFlash::program(std::uint32_t address, std::span<const std::uint8_t> data) {
    domain_->require_power();
    check_range(address, data.size(), "program");
    const std::uint32_t unit = geometry_.program_size;
    if (data.empty() || address % unit != 0 || data.size() % unit != 0) {
        char buf[160];
        std::snprintf(buf, sizeof buf,
                      "flash: program of %zu bytes at 0x%x is not whole %u-byte program units",
                      data.size(), address, unit);
        throw FlashError(buf);
    }
    const std::uint32_t page = address / geometry_.erase_size;
    const std::uint32_t off = address % geometry_.erase_size;
    if (off + data.size() > geometry_.erase_size) {
        char buf[160];
        std::snprintf(buf, sizeof buf,
                      "flash: program of %zu bytes at 0x%x crosses a page boundary", data.size(),
                      address);
        throw FlashError(buf);
    }
    const auto len = static_cast<std::uint32_t>(data.size());
    const std::uint32_t units = len / unit;
    auto ticket = domain_->begin(OpKind::program, chip_, address, len,
                                 geometry_.program_time_per_unit * units);

    if (!ticket.cut || *ticket.cut == CutMode::after) {
        and_into(writable_page(page) + off, data.data(), len);
        domain_->finish(ticket);
        return;
    }
    if (*ticket.cut == CutMode::before) {
        domain_->finish(ticket, 0.0, 0, "program never started");
        return;
    }

    // Torn: units before `cut_unit` complete, the one under the cut gets a random subset of the
    // bits it was to clear, later units untouched.
    SplitMix64 rng(mix_seed(ticket.seed, ticket.op.index));
    const auto cut_unit = static_cast<std::uint32_t>(
        ticket.torn_at ? std::min<double>(*ticket.torn_at * units, units - 1) : rng.below(units));
    std::uint8_t* p = writable_page(page) + off;
    std::vector<std::uint8_t> before(p, p + len);
    const std::uint32_t full = cut_unit * unit;
    and_into(p, data.data(), full);
    unsigned partial_bits = 0, wanted_bits = 0;
    for (std::uint32_t i = full; i < full + unit; ++i) {
        const auto to_clear = static_cast<std::uint8_t>(p[i] & ~data[i]);
        const auto mask = static_cast<std::uint8_t>(rng.next());
        p[i] = static_cast<std::uint8_t>(p[i] & ~(to_clear & mask));
        wanted_bits += static_cast<unsigned>(__builtin_popcount(to_clear));
        partial_bits += static_cast<unsigned>(__builtin_popcount(to_clear & mask));
    }
    char detail[160];
    std::snprintf(detail, sizeof detail,
                  "program torn in unit %u of %u: %u of %u bits of that unit cleared", cut_unit + 1,
                  units, partial_bits, wanted_bits);
    domain_->finish(ticket, (cut_unit + 0.5) / units, count_changed(before.data(), p, len), detail);
}

void NorFlash::erase_page(std::uint32_t page) {
    domain_->require_power();
    check_page(page, "erase of");
    const std::uint32_t size = geometry_.erase_size;
    auto ticket =
        domain_->begin(OpKind::erase, chip_, page * size, size, geometry_.erase_time_per_page);
    if (!ticket.cut || *ticket.cut == CutMode::after) {
        pages_[page] = erased_page_;
        domain_->finish(ticket);
        return;
    }
    if (*ticket.cut == CutMode::before) {
        domain_->finish(ticket, 0.0, 0, "erase never started");
        return;
    }

    SplitMix64 rng(mix_seed(ticket.seed, ticket.op.index));
    std::uint8_t* p = writable_page(page);
    std::vector<std::uint8_t> before(p, p + size);
    const std::uint8_t erased = geometry_.erased_value;
    const auto pattern = rng.below(3);
    auto prefix = static_cast<std::uint32_t>(rng.below(size));
    // A cut at a simulated instant: the prefix follows the time the erase ran.
    if (ticket.torn_at)
        prefix = static_cast<std::uint32_t>(std::min<double>(*ticket.torn_at * size, size - 1));
    const char* what = "";
    double fraction = static_cast<double>(prefix) / size;
    switch (pattern) {
        case 0:
            std::memset(p, erased, prefix);
            what = "prefix erased, rest keeps old data";
            break;
        case 1:
            std::memset(p, erased, prefix);
            for (std::uint32_t i = prefix; i < size; ++i)
                p[i] = static_cast<std::uint8_t>(rng.next());
            what = "prefix erased, rest indeterminate";
            break;
        default:
            // Erasing pulls cells towards the erased state; an interrupted erase leaves some of
            // the bits that were programmed back at the erased level.
            for (std::uint32_t i = 0; i < size; ++i) {
                const auto lift = static_cast<std::uint8_t>(rng.next() & ~p[i] & erased);
                p[i] = static_cast<std::uint8_t>(p[i] | lift);
            }
            what = "whole page half-erased";
            fraction = 0.5;
            break;
    }
    char detail[160];
    std::snprintf(detail, sizeof detail, "erase torn: %s (first %u of %u bytes)", what,
                  pattern == 2 ? 0u : prefix, size);
    domain_->finish(ticket, fraction, count_changed(before.data(), p, size), detail);
}

NorFlash::Snapshot NorFlash::snapshot() const {
    return Snapshot{pages_};
}

void NorFlash::restore(const Snapshot& snapshot) {
    check_snapshot(snapshot);
    pages_ = snapshot.pages;
}

std::vector<std::uint32_t> NorFlash::pages_changed_since(const Snapshot& base) const {
    check_snapshot(base);
    std::vector<std::uint32_t> changed;
    for (std::uint32_t p = 0; p < geometry_.page_count; ++p) {
        const auto* now = pages_[p].get();
        const auto* then = base.pages[p].get();
        if (now != then && std::memcmp(now, then, geometry_.erase_size) != 0) changed.push_back(p);
    }
    return changed;
}

bool NorFlash::is_erased(const Snapshot& snapshot, std::uint32_t page) const {
    check_snapshot(snapshot);
    check_page(page, "erased state of");
    const auto& p = snapshot.pages[page];
    return p == erased_page_ || std::memcmp(p.get(), erased_page_.get(), geometry_.erase_size) == 0;
}

std::span<const std::uint8_t> NorFlash::page_bytes(std::uint32_t page) const {
    check_page(page, "bytes of");
    return {page_data(page), geometry_.erase_size};
}

std::vector<std::uint8_t> NorFlash::contents() const {
    std::vector<std::uint8_t> out(size());
    for (std::uint32_t p = 0; p < geometry_.page_count; ++p)
        std::memcpy(out.data() + p * geometry_.erase_size, page_data(p), geometry_.erase_size);
    return out;
}

void NorFlash::set_contents(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != size()) throw FlashError("flash: set_contents needs exactly the chip size");
    for (std::uint32_t p = 0; p < geometry_.page_count; ++p) {
        auto page = new_page(geometry_.erase_size);
        std::memcpy(page.get(), bytes.data() + p * geometry_.erase_size, geometry_.erase_size);
        pages_[p] = std::move(page);
    }
}

void NorFlash::save_image(const std::filesystem::path& path) const {
    std::array<std::uint8_t, kImageHeader> header{};
    std::memcpy(header.data(), kImageMagic.data(), kImageMagic.size());
    store_le32(header.data() + 8, geometry_.erase_size);
    store_le32(header.data() + 12, geometry_.program_size);
    store_le32(header.data() + 16, geometry_.page_count);
    header[20] = geometry_.erased_value;
    const auto bytes = contents();
    const auto tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(header.data()), header.size());
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) throw FlashError("flash image " + path.string() + ": cannot write");
    }
    // Replace atomically: an interrupted save never leaves a half image behind.
    std::filesystem::rename(tmp, path);
}

void NorFlash::load_image(const std::filesystem::path& path) {
    const std::string name = "flash image " + path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FlashError(name + ": cannot open");
    std::array<std::uint8_t, kImageHeader> header{};
    in.read(reinterpret_cast<char*>(header.data()), header.size());
    if (in.gcount() != static_cast<std::streamsize>(header.size()) ||
        std::memcmp(header.data(), kImageMagic.data(), kImageMagic.size()) != 0)
        throw FlashError(name + ": not an nk3rig flash image (bad magic)");
    const std::uint32_t erase = load_le32(header.data() + 8), prog = load_le32(header.data() + 12),
                        pages = load_le32(header.data() + 16);
    if (erase != geometry_.erase_size || prog != geometry_.program_size ||
        pages != geometry_.page_count || header[20] != geometry_.erased_value) {
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      ": geometry %u B pages x %u, %u B programs does not match this chip's "
                      "%u B pages x %u, %u B programs",
                      erase, pages, prog, geometry_.erase_size, geometry_.page_count,
                      geometry_.program_size);
        throw FlashError(name + buf);
    }
    std::vector<std::uint8_t> bytes(size());
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (in.gcount() != static_cast<std::streamsize>(bytes.size()))
        throw FlashError(name + ": truncated (" + std::to_string(in.gcount()) + " of " +
                         std::to_string(bytes.size()) + " data bytes)");
    if (in.peek() != std::ifstream::traits_type::eof())
        throw FlashError(name + ": trailing bytes after the array");
    set_contents(bytes);
}

}  // namespace nk3::flash
