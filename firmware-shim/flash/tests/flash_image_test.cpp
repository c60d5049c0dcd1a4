// Flash image files: save/load round trip and every way a load can fail.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "flash/flash_error.hpp"
#include "flash/nor_flash.hpp"
#include "flash/power_domain.hpp"

namespace nk3::flash {
namespace {

using Bytes = std::vector<std::uint8_t>;
namespace stdfs = std::filesystem;

class FlashImage : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = stdfs::path(::testing::TempDir()) /
               ("nk3_flash_image_" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        stdfs::remove_all(dir_);
        stdfs::create_directories(dir_);
    }
    void TearDown() override { stdfs::remove_all(dir_); }

    static Bytes file_bytes(const stdfs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return Bytes(std::istreambuf_iterator<char>(in), {});
    }
    static void write_bytes(const stdfs::path& p, const Bytes& b) {
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    }
    // Loads `p` into a fresh 2-page nRF52840 chip and returns the FlashError message.
    static std::string load_error(const stdfs::path& p) {
        PowerDomain d;
        NorFlash f(FlashGeometry::nrf52840_internal(2), d);
        try {
            f.load_image(p);
        } catch (const FlashError& e) {
            return e.what();
        }
        ADD_FAILURE() << "load_image(" << p << ") did not throw";
        return {};
    }

    stdfs::path saved_image() {
        PowerDomain d;
        NorFlash f(FlashGeometry::nrf52840_internal(2), d);
        f.program(4096, Bytes{1, 2, 3, 4});
        const auto p = dir_ / "good.img";
        f.save_image(p);
        return p;
    }

    stdfs::path dir_;
};

TEST_F(FlashImage, RoundTrip) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(3), d);
    Bytes data(4096);
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<std::uint8_t>(i * 7);
    f.program(4096, data);
    f.program(8192, Bytes{0, 0x10, 0x20, 0x30});
    const auto p = dir_ / "chip.img";
    f.save_image(p);
    EXPECT_FALSE(stdfs::exists(p.string() + ".tmp"));
    EXPECT_EQ(stdfs::file_size(p), 24u + 3u * 4096u);
    const Bytes raw = file_bytes(p);
    EXPECT_EQ(std::string(raw.begin(), raw.begin() + 8), "NK3FLSH1");

    PowerDomain d2;
    NorFlash g(FlashGeometry::nrf52840_internal(3), d2);
    g.load_image(p);
    EXPECT_EQ(g.contents(), f.contents());
    EXPECT_EQ(d2.next_index(), 0u);  // loading is not a flash operation
}

TEST_F(FlashImage, SaveOverwritesExistingImage) {
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(1), d);
    const auto p = dir_ / "chip.img";
    f.save_image(p);
    f.program(0, Bytes(4, 0));
    f.save_image(p);
    NorFlash g(FlashGeometry::nrf52840_internal(1), d);
    g.load_image(p);
    EXPECT_EQ(g.contents(), f.contents());
}

TEST_F(FlashImage, MissingFile) {
    const auto p = dir_ / "missing.img";
    const auto msg = load_error(p);
    EXPECT_NE(msg.find(p.string()), std::string::npos) << msg;
}

TEST_F(FlashImage, BadMagic) {
    const auto p = saved_image();
    Bytes raw = file_bytes(p);
    raw[0] = 'X';
    write_bytes(p, raw);
    const auto msg = load_error(p);
    EXPECT_NE(msg.find(p.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("magic"), std::string::npos) << msg;
}

TEST_F(FlashImage, ShortHeader) {
    const auto p = dir_ / "short.img";
    write_bytes(p, Bytes{'N', 'K', '3'});
    const auto msg = load_error(p);
    EXPECT_NE(msg.find(p.string()), std::string::npos) << msg;
}

TEST_F(FlashImage, GeometryMismatch) {
    PowerDomain d;
    NorFlash three(FlashGeometry::nrf52840_internal(3), d);
    const auto p = dir_ / "three.img";
    three.save_image(p);
    const auto msg = load_error(p);  // loads into a 2-page chip
    EXPECT_NE(msg.find(p.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("geometry"), std::string::npos) << msg;

    NorFlash lpc(FlashGeometry::lpc55_internal(16), d);  // same size, other page size
    const auto q = dir_ / "lpc.img";
    lpc.save_image(q);
    const auto msg2 = load_error(q);
    EXPECT_NE(msg2.find(q.string()), std::string::npos) << msg2;
}

TEST_F(FlashImage, TruncatedFile) {
    const auto p = saved_image();
    Bytes raw = file_bytes(p);
    raw.resize(raw.size() - 100);
    write_bytes(p, raw);
    const auto msg = load_error(p);
    EXPECT_NE(msg.find(p.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
}

TEST_F(FlashImage, TrailingBytes) {
    const auto p = saved_image();
    Bytes raw = file_bytes(p);
    raw.push_back(0);
    write_bytes(p, raw);
    const auto msg = load_error(p);
    EXPECT_NE(msg.find(p.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("trailing"), std::string::npos) << msg;
}

TEST_F(FlashImage, FailedLoadLeavesChipUnchanged) {
    const auto p = saved_image();
    Bytes raw = file_bytes(p);
    raw.push_back(0);
    write_bytes(p, raw);
    PowerDomain d;
    NorFlash f(FlashGeometry::nrf52840_internal(2), d);
    f.program(0, Bytes{9, 9, 9, 9});
    const auto before = f.contents();
    EXPECT_THROW(f.load_image(p), FlashError);
    EXPECT_EQ(f.contents(), before);
}

}  // namespace
}  // namespace nk3::flash
