// NOR semantics of NorFlash: bit clearing, erase, range checks, op numbering and timing, and
// what a power cut before, inside or after an operation leaves in the array.

#include "flash/nor_flash.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "flash/flash_error.hpp"
#include "flash/power_domain.hpp"

namespace nk3::flash {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

Bytes read_bytes(const NorFlash& f, std::uint32_t addr, std::uint32_t n) {
    Bytes out(n);
    f.read(addr, out);
    return out;
}

Bytes pattern(std::uint32_t n, std::uint8_t seed) {
    Bytes b(n);
    for (std::uint32_t i = 0; i < n; ++i)
        b[i] = static_cast<std::uint8_t>(seed + i * 37u + (i >> 3));
    return b;
}

TEST(NorFlash, StartsErased) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    const auto c = f.contents();
    ASSERT_EQ(c.size(), 2u * 4096u);
    EXPECT_TRUE(std::all_of(c.begin(), c.end(), [](std::uint8_t b) { return b == 0xFF; }));
}

TEST(NorFlash, ProgramOnlyClearsBits) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    const Bytes first{0xF0, 0x0F, 0xAA, 0xFF};
    const Bytes second{0x3C, 0xFF, 0x55, 0x81};
    f.program(8, first);
    EXPECT_EQ(read_bytes(f, 8, 4), first);
    f.program(8, second);
    Bytes expected(4);
    for (int i = 0; i < 4; ++i)
        expected[i] = first[i] & second[i];
    EXPECT_EQ(read_bytes(f, 8, 4), expected);
    // Neighbouring bytes untouched.
    EXPECT_EQ(read_bytes(f, 4, 4), Bytes(4, 0xFF));
    EXPECT_EQ(read_bytes(f, 12, 4), Bytes(4, 0xFF));
}

TEST(NorFlash, EraseSetsWholePageOnly) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(3), d);
    f.program(0, Bytes(4096, 0x00));
    f.program(4096, Bytes(4096, 0x12));
    f.program(8192, Bytes(4096, 0x34));
    f.erase_page(1);
    EXPECT_EQ(read_bytes(f, 0, 4096), Bytes(4096, 0x00));
    EXPECT_EQ(read_bytes(f, 4096, 4096), Bytes(4096, 0xFF));
    EXPECT_EQ(read_bytes(f, 8192, 4096), Bytes(4096, 0x34));
}

TEST(NorFlash, ReadAcrossPages) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    f.program(4092, Bytes{1, 2, 3, 4});
    f.program(4096, Bytes{5, 6, 7, 8});
    EXPECT_EQ(read_bytes(f, 4092, 8), (Bytes{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(NorFlash, BadRequestsThrowFlashError) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    const Bytes four(4, 0), eight(8, 0);
    EXPECT_THROW(f.program(2, four), FlashError);         // misaligned address
    EXPECT_THROW(f.program(0, Bytes(3, 0)), FlashError);  // partial unit
    EXPECT_THROW(f.program(0, Bytes{}), FlashError);      // zero length
    EXPECT_THROW(f.program(4092, eight), FlashError);     // crosses a page
    EXPECT_THROW(f.program(8192, four), FlashError);      // out of range
    EXPECT_THROW(f.program(8188, eight), FlashError);     // runs off the end
    EXPECT_THROW(f.erase_page(2), FlashError);            // out of range
    Bytes out(8);
    EXPECT_THROW(f.read(8188, out), FlashError);  // read off the end
    // None of them was an operation, none changed the array.
    EXPECT_EQ(d.next_index(), 0u);
    EXPECT_EQ(d.now(), SimTime{0});
    const auto c = f.contents();
    EXPECT_TRUE(std::all_of(c.begin(), c.end(), [](std::uint8_t b) { return b == 0xFF; }));
}

TEST(NorFlash, OpsAreNumberedAndTimedByGeometry) {
    PowerDomain d;
    d.set_recording(true);
    NorFlash f(FlashGeometry::nrf52840_internal(2), d, 3);
    f.program(16, Bytes(8, 0));  // two words
    f.erase_page(1);
    f.program(4096, Bytes(4096, 0));  // 1024 words
    ASSERT_EQ(d.log().size(), 3u);
    const auto& a = d.log()[0];
    const auto& b = d.log()[1];
    const auto& c = d.log()[2];
    EXPECT_EQ(a.index, 0u);
    EXPECT_EQ(a.kind, OpKind::program);
    EXPECT_EQ(a.chip, 3);
    EXPECT_EQ(a.address, 16u);
    EXPECT_EQ(a.length, 8u);
    EXPECT_EQ(a.start, SimTime{0});
    EXPECT_EQ(a.duration, 82us);
    EXPECT_EQ(b.index, 1u);
    EXPECT_EQ(b.kind, OpKind::erase);
    EXPECT_EQ(b.address, 4096u);
    EXPECT_EQ(b.length, 4096u);
    EXPECT_EQ(b.start, 82us);
    EXPECT_EQ(b.duration, 85ms);
    EXPECT_EQ(c.index, 2u);
    EXPECT_EQ(c.start, 82us + 85ms);
    EXPECT_EQ(c.duration, 1024 * 41us);
    EXPECT_EQ(d.next_index(), 3u);
    EXPECT_EQ(d.now(), 82us + 85ms + 1024 * 41us);
}

TEST(NorFlash, Gd25q16Timing) {
    PowerDomain d;
    d.set_recording(true);
    NorFlash f(FlashGeometry::gd25q16(2), d);
    f.program(0, Bytes(512, 0));
    f.erase_page(0);
    ASSERT_EQ(d.log().size(), 2u);
    EXPECT_EQ(d.log()[0].duration, 1400us);
    EXPECT_EQ(d.log()[1].duration, 50ms);
    EXPECT_THROW(f.program(4, Bytes(256, 0)), FlashError);  // 256-byte program units
}

TEST(NorFlash, ReadsAreNotOperations) {
    PowerDomain d;
    d.set_recording(true);
    NorFlash f(FlashGeometry::nrf52840_internal(1), d);
    read_bytes(f, 0, 64);
    EXPECT_EQ(d.next_index(), 0u);
    EXPECT_TRUE(d.log().empty());
}

TEST(NorFlash, CutBeforeLeavesArrayUnchanged) {
    for (bool erase : {false, true}) {
        PowerDomain d;
        NorFlash f(FlashGeometry::nrf52840_internal(2), d);
        f.program(0, pattern(64, 1));
        const auto before = f.contents();
        d.arm_cut({.op_index = d.next_index(), .mode = CutMode::before, .seed = 5});
        if (erase)
            EXPECT_THROW(f.erase_page(0), PowerLoss);
        else
            EXPECT_THROW(f.program(64, Bytes(8, 0)), PowerLoss);
        EXPECT_EQ(f.contents(), before);
        EXPECT_FALSE(d.powered());
        ASSERT_TRUE(d.last_cut().has_value());
        EXPECT_EQ(d.last_cut()->plan.mode, CutMode::before);
        EXPECT_EQ(d.last_cut()->op.kind, erase ? OpKind::erase : OpKind::program);
        EXPECT_EQ(d.last_cut()->bytes_changed, 0u);
        EXPECT_EQ(d.last_cut()->at, d.last_cut()->op.start);
    }
}

TEST(NorFlash, CutAfterAppliesTheOp) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    d.arm_cut({.op_index = 0, .mode = CutMode::after, .seed = 0});
    EXPECT_THROW(f.program(4, Bytes{1, 2, 3, 4}), PowerLoss);
    d.power_on();
    EXPECT_EQ(read_bytes(f, 4, 4), (Bytes{1, 2, 3, 4}));
    ASSERT_TRUE(d.last_cut());
    EXPECT_EQ(d.last_cut()->at, 41us);

    d.arm_cut({.op_index = d.next_index(), .mode = CutMode::after, .seed = 0});
    EXPECT_THROW(f.erase_page(0), PowerLoss);
    d.power_on();
    EXPECT_EQ(read_bytes(f, 4, 4), Bytes(4, 0xFF));
}

TEST(NorFlash, CutOnlyFiresAtItsIndex) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(1), d);
    d.arm_cut({.op_index = 2, .mode = CutMode::before, .seed = 0});
    f.program(0, Bytes(4, 0));
    f.program(4, Bytes(4, 0));
    EXPECT_TRUE(d.armed().has_value());
    EXPECT_THROW(f.program(8, Bytes(4, 0)), PowerLoss);
    EXPECT_FALSE(d.armed().has_value());
    d.power_on();
    f.program(8, Bytes(4, 0));  // the fired cut is gone
    EXPECT_EQ(read_bytes(f, 8, 4), Bytes(4, 0));
}

TEST(NorFlash, EverythingThrowsPowerLossUntilPowerOn) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    d.arm_cut({.op_index = 0, .mode = CutMode::before, .seed = 0});
    EXPECT_THROW(f.program(0, Bytes(4, 0)), PowerLoss);
    const auto index = d.next_index();
    Bytes out(4);
    EXPECT_THROW(f.read(0, out), PowerLoss);
    EXPECT_THROW(f.program(0, Bytes(4, 0)), PowerLoss);
    EXPECT_THROW(f.erase_page(0), PowerLoss);
    EXPECT_EQ(d.next_index(), index);  // refused ops are not numbered
    d.power_on();
    EXPECT_NO_THROW(f.read(0, out));
    EXPECT_EQ(out, Bytes(4, 0xFF));
    EXPECT_NO_THROW(f.program(0, Bytes(4, 0)));
}

TEST(NorFlash, LastCutRecordsOpModeAndDetail) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d, 1);
    f.program(0, Bytes(4, 0));
    d.arm_cut({.op_index = 1, .mode = CutMode::torn, .seed = 77});
    EXPECT_THROW(f.program(4096, pattern(64, 9)), PowerLoss);
    ASSERT_TRUE(d.last_cut().has_value());
    const auto& r = *d.last_cut();
    EXPECT_EQ(r.plan.op_index, 1u);
    EXPECT_EQ(r.plan.mode, CutMode::torn);
    EXPECT_EQ(r.plan.seed, 77u);
    EXPECT_EQ(r.op.index, 1u);
    EXPECT_EQ(r.op.kind, OpKind::program);
    EXPECT_EQ(r.op.chip, 1);
    EXPECT_EQ(r.op.address, 4096u);
    EXPECT_EQ(r.op.length, 64u);
    EXPECT_NE(r.detail.find("program torn"), std::string::npos) << r.detail;
    EXPECT_GE(r.at, r.op.start);
    EXPECT_LE(r.at, r.op.start + r.op.duration);
    d.clear_last_cut();
    EXPECT_FALSE(d.last_cut().has_value());
}

// The torn program's guarantees, over many seeds and over previously programmed data.
TEST(NorFlash, TornProgramShape) {
    const FlashGeometry g = FlashGeometry::nrf52840_internal(1);
    const std::uint32_t addr = 256, len = 128, unit = g.program_size;
    int strictly_partial = 0;
    for (std::uint64_t seed = 0; seed < 64; ++seed) {
        PowerDomain d;
        NorFlash f(g, d);
        const Bytes old = pattern(len, 0x5A);
        f.program(addr, old);
        const Bytes data = pattern(len, static_cast<std::uint8_t>(seed * 13));
        d.arm_cut({.op_index = d.next_index(), .mode = CutMode::torn, .seed = seed});
        EXPECT_THROW(f.program(addr, data), PowerLoss);
        const Bytes got = [&] {
            const auto c = f.contents();
            return Bytes(c.begin() + addr, c.begin() + addr + len);
        }();
        // Outside the range nothing changes.
        const auto c = f.contents();
        EXPECT_TRUE(std::all_of(c.begin(), c.begin() + addr, [](auto b) { return b == 0xFF; }));
        EXPECT_TRUE(std::all_of(c.begin() + addr + len, c.end(), [](auto b) { return b == 0xFF; }));

        // Find the torn unit: the first unit not equal to old&data.
        std::uint32_t torn = len / unit;
        for (std::uint32_t u = 0; u < len / unit && torn == len / unit; ++u)
            for (std::uint32_t i = u * unit; i < (u + 1) * unit; ++i)
                if (got[i] != (old[i] & data[i])) {
                    torn = u;
                    break;
                }
        for (std::uint32_t i = 0; i < len; ++i) {
            const std::uint32_t u = i / unit;
            const std::uint8_t full = old[i] & data[i];
            // Every byte lies between the old value and the fully programmed value, bitwise.
            EXPECT_EQ(got[i] & ~old[i], 0) << "seed " << seed << " byte " << i;
            EXPECT_EQ(full & ~got[i], 0) << "seed " << seed << " byte " << i;
            if (u < torn) {
                EXPECT_EQ(got[i], full);
            }
            if (u > torn) {
                EXPECT_EQ(got[i], old[i]) << "seed " << seed << " unit " << u;
            }
        }
        ASSERT_TRUE(d.last_cut());
        std::uint32_t changed = 0;
        for (std::uint32_t i = 0; i < len; ++i)
            changed += got[i] != old[i];
        EXPECT_EQ(d.last_cut()->bytes_changed, changed);
        if (got != old && got != [&] {
                Bytes full(len);
                for (std::uint32_t i = 0; i < len; ++i)
                    full[i] = old[i] & data[i];
                return full;
            }())
            ++strictly_partial;
    }
    EXPECT_GT(strictly_partial, 32);
}

Bytes torn_program_result(std::uint64_t seed, std::uint64_t warmup_ops) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(1), d);
    for (std::uint64_t i = 0; i < warmup_ops; ++i)
        f.program(4000, Bytes(4, 0xFF));
    d.arm_cut({.op_index = d.next_index(), .mode = CutMode::torn, .seed = seed});
    EXPECT_THROW(f.program(0, Bytes(256, 0x00)), PowerLoss);
    return f.contents();
}

Bytes torn_erase_result(std::uint64_t seed) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(1), d);
    f.program(0, pattern(4096, 0x11));
    d.arm_cut({.op_index = d.next_index(), .mode = CutMode::torn, .seed = seed});
    EXPECT_THROW(f.erase_page(0), PowerLoss);
    return f.contents();
}

TEST(NorFlash, TornOutcomesAreDeterministicPerSeed) {
    for (std::uint64_t seed : {0u, 1u, 42u, 1000u}) {
        EXPECT_EQ(torn_program_result(seed, 0), torn_program_result(seed, 0));
        EXPECT_EQ(torn_erase_result(seed), torn_erase_result(seed));
    }
}

TEST(NorFlash, TornOutcomesDifferAcrossSeeds) {
    std::vector<Bytes> programs, erases;
    for (std::uint64_t seed = 0; seed < 8; ++seed) {
        programs.push_back(torn_program_result(seed, 0));
        erases.push_back(torn_erase_result(seed));
    }
    std::sort(programs.begin(), programs.end());
    std::sort(erases.begin(), erases.end());
    EXPECT_GE(std::unique(programs.begin(), programs.end()) - programs.begin(), 4);
    EXPECT_GE(std::unique(erases.begin(), erases.end()) - erases.begin(), 4);
}

TEST(NorFlash, TornOutcomeDependsOnOpIndex) {
    // Same seed, different op index: the per-op seed mixes both.
    std::vector<Bytes> results;
    for (std::uint64_t warmup = 0; warmup < 6; ++warmup) {
        const Bytes all = torn_program_result(9, warmup);
        results.emplace_back(all.begin(), all.begin() + 256);
    }
    std::sort(results.begin(), results.end());
    EXPECT_GE(std::unique(results.begin(), results.end()) - results.begin(), 3);
}

TEST(NorFlash, TornEraseLeavesAPartlyErasedPage) {
    const Bytes old = pattern(4096, 0x11);
    int not_fully_erased = 0;
    for (std::uint64_t seed = 0; seed < 24; ++seed) {
        const Bytes got = torn_erase_result(seed);
        EXPECT_NE(got, old) << "seed " << seed << ": torn erase changed nothing";
        if (!std::all_of(got.begin(), got.end(), [](auto b) { return b == 0xFF; }))
            ++not_fully_erased;
    }
    EXPECT_GT(not_fully_erased, 20);
}

TEST(NorFlash, TornEraseRecordsDetail) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    f.program(4096, Bytes(4096, 0));
    d.arm_cut({.op_index = d.next_index(), .mode = CutMode::torn, .seed = 3});
    EXPECT_THROW(f.erase_page(1), PowerLoss);
    ASSERT_TRUE(d.last_cut());
    EXPECT_EQ(d.last_cut()->op.kind, OpKind::erase);
    EXPECT_NE(d.last_cut()->detail.find("erase torn"), std::string::npos);
    EXPECT_GT(d.last_cut()->bytes_changed, 0u);
    // Page 0 is untouched.
    const auto c = f.contents();
    EXPECT_TRUE(std::all_of(c.begin(), c.begin() + 4096, [](auto b) { return b == 0xFF; }));
}

TEST(NorFlash, SnapshotIsNotChangedByLaterWrites) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(3), d);
    f.program(0, pattern(64, 1));
    f.program(4096, pattern(64, 2));
    const auto before = f.contents();
    const auto snap = f.snapshot();
    f.program(64, Bytes(64, 0));
    f.erase_page(1);
    f.program(8192, Bytes(4096, 0));
    const auto after = f.contents();
    EXPECT_NE(after, before);

    f.restore(snap);
    EXPECT_EQ(f.contents(), before);
    // The snapshot survives a second round of writes and restores.
    f.erase_page(0);
    f.restore(snap);
    EXPECT_EQ(f.contents(), before);
}

TEST(NorFlash, RestoreOfAnotherGeometryThrows) {
    PowerDomain d;
    NorFlash a(FlashGeometry::nrf52840_internal(2), d);
    NorFlash b(FlashGeometry::nrf52840_internal(3), d);
    EXPECT_THROW(b.restore(a.snapshot()), FlashError);
}

TEST(NorFlash, SetContentsChecksSize) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(1), d);
    EXPECT_THROW(f.set_contents(Bytes(100, 0)), FlashError);
    const Bytes img = pattern(4096, 3);
    f.set_contents(img);
    EXPECT_EQ(f.contents(), img);
    EXPECT_EQ(d.next_index(), 0u);
}

TEST(NorFlash, InvalidGeometryIsRejected) {
    PowerDomain d;
    FlashGeometry g = FlashGeometry::nrf52840_internal(1);
    g.erase_size = 3000;
    EXPECT_THROW(NorFlash(g, d), std::invalid_argument);
    g = FlashGeometry::nrf52840_internal(0);
    EXPECT_THROW(NorFlash(g, d), std::invalid_argument);
}

TEST(NorFlash, PagesChangedSinceASnapshotAreThoseWhoseBytesDiffer) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(4), d);
    f.program(0, pattern(4096, 1));
    const auto base = f.snapshot();
    EXPECT_TRUE(f.pages_changed_since(base).empty());

    f.program(2 * 4096, pattern(64, 9));
    f.program(3 * 4096, Bytes(64, 0xFF));  // copies the page, changes no bit
    f.erase_page(1);                       // already erased: the shared erased page again
    EXPECT_EQ(f.pages_changed_since(base), (std::vector<std::uint32_t>{2}));
    f.erase_page(0);
    EXPECT_EQ(f.pages_changed_since(base), (std::vector<std::uint32_t>{0, 2}));
    const auto page2 = f.page_bytes(2);
    ASSERT_EQ(page2.size(), 4096u);
    EXPECT_EQ(Bytes(page2.begin(), page2.begin() + 64), pattern(64, 9));

    f.restore(base);
    EXPECT_TRUE(f.pages_changed_since(base).empty());
    EXPECT_THROW((void)f.page_bytes(4), FlashError);
    NorFlash other(FlashGeometry::nrf52840_internal(2), d);
    EXPECT_THROW((void)other.pages_changed_since(base), FlashError);
}

TEST(NorFlash, ErasedPagesAreKnownByTheirBytes) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(3), d);
    f.program(0, pattern(64, 1));
    f.program(4096, Bytes(64, 0xFF));  // a private copy, still all 0xFF
    const auto s = f.snapshot();
    EXPECT_FALSE(f.is_erased(s, 0));
    EXPECT_TRUE(f.is_erased(s, 1));
    EXPECT_TRUE(f.is_erased(s, 2));
    f.erase_page(0);
    EXPECT_TRUE(f.is_erased(f.snapshot(), 0));
    EXPECT_FALSE(f.is_erased(s, 0));  // the snapshot keeps what it held
    EXPECT_THROW((void)f.is_erased(s, 3), FlashError);
    NorFlash other(FlashGeometry::nrf52840_internal(2), d);
    EXPECT_THROW((void)other.is_erased(s, 0), FlashError);
}

}  // namespace
}  // namespace nk3::flash
