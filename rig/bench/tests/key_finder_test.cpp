// Key selection over a device list, and USB serials from a sysfs tree.
#include "rig/bench/key_finder.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace nk3::rig::bench {
namespace {

const std::vector<FidoDeviceInfo> kDevices{
    {"/dev/hidraw7", 0x1050, 0x0407, "Yubico", "YubiKey OTP+FIDO+CCID"},
    {"/dev/hidraw5", 0x20a0, 0x42b2, "Nitrokey", "Nitrokey 3"},
    {"/dev/hidraw2", 0x20a0, 0x42b2, "Nitrokey", "Nitrokey 3"},
};

std::string serials(const std::string& path) {
    return path == "/dev/hidraw5" ? "AAAA" : path == "/dev/hidraw2" ? "BBBB" : "";
}

TEST(KeyFinder, FirstByVidPidInPathOrder) {
    const auto k = find_key(KeySelector{}, kDevices, serials);
    ASSERT_TRUE(k);
    EXPECT_EQ(k->path, "/dev/hidraw2");
    EXPECT_EQ(describe(*k), "/dev/hidraw2 (20a0:42b2 Nitrokey Nitrokey 3)");
}

TEST(KeyFinder, BySerialByPathAndNone) {
    KeySelector by_serial;
    by_serial.serial = "AAAA";
    EXPECT_EQ(find_key(by_serial, kDevices, serials)->path, "/dev/hidraw5");
    KeySelector by_path;
    by_path.path = "/dev/hidraw7";
    EXPECT_EQ(find_key(by_path, kDevices, serials)->vid, 0x1050);
    by_serial.serial = "CCCC";
    EXPECT_FALSE(find_key(by_serial, kDevices, serials));
    KeySelector other;
    other.id = {0x20a0, 0x42dd};  // the LPC55 bootloader
    EXPECT_FALSE(find_key(other, kDevices, serials));
    EXPECT_FALSE(find_key(KeySelector{}, {}, serials));
}

TEST(KeyFinder, UsbSerialFromASysfsTree) {
    namespace fs = std::filesystem;
    const fs::path root =
        fs::temp_directory_path() / ("nk3rig-sysfs-" + std::to_string(::getpid()));
    fs::remove_all(root);
    const fs::path usb = root / "devices/pci0000:00/usb1/1-1";
    const fs::path hid = usb / "1-1:1.0/0003:20A0:42B2.0001/hidraw/hidraw4";
    fs::create_directories(hid);
    fs::create_directories(root / "class/hidraw");
    fs::create_symlink(hid, root / "class/hidraw/hidraw4");
    for (const auto& [name, text] :
         {std::pair{"idVendor", "20a0"}, {"busnum", "1"}, {"serial", "CAFE01"}})
        std::ofstream(usb / name) << text << "\n";
    EXPECT_EQ(usb_serial_of("/dev/hidraw4", root.string()), "CAFE01");
    EXPECT_EQ(usb_serial_of("/dev/hidraw9", root.string()), "");
    fs::remove(usb / "serial");
    EXPECT_EQ(usb_serial_of("/dev/hidraw4", root.string()), "");
    fs::remove_all(root);
}

TEST(KeyFinder, ThisHostListsWithoutError) {
    // libfido2's manifest works with or without keys attached (none on a build machine).
    EXPECT_NO_THROW(list_fido_devices());
}

}  // namespace
}  // namespace nk3::rig::bench
