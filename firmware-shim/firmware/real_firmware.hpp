#pragma once
// The real FIDO application of NK3 firmware v1.3.1 (fido-authenticator 0.1.1 on trussed 0.1.0,
// Rust crates from the registry) with its internal flash on one of nk3rig's block devices:
// C++ over nk3-shim's C ABI (rust/nk3-shim/include/nk3_firmware.h; docs/real-firmware.md).
//
// Power: an exception of the block device inside the firmware (flash::PowerLoss at a cut,
// flash::FlashError) is caught in the callback, the firmware sees a failed flash and the
// instance is off from then on; the exception is kept (device_exception()), not rethrown, as
// the caller usually arms the cut and expects it. A Rust panic halts the instance.
//
// One instance per process at a time (trussed 0.1.0's client interchange is static): the
// constructor throws std::runtime_error while another exists. Not thread safe.
#include <array>
#include <cstdint>
#include <exception>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "ftl/block_device.hpp"

struct nk3fw;

namespace nk3::firmware {

enum class FwState : std::uint8_t { fresh = 0, running = 1, halted = 2, off = 3 };

// nk3_firmware.h's NK3FW_* result codes.
enum class FwResult : int {
    ok = 0,
    invalid = -22,
    mount = -100,
    state = -102,
    size = -103,
    halted = -1000,
    off = -1001,
};

const char* to_string(FwResult result);

class RealFidoApp {
  public:
    struct Options {
        std::array<std::uint8_t, 32> seed{};   // the board TRNG (ChaCha8 seed)
        std::uint32_t skip_up_timeout_ms = 0;  // fido-authenticator Config::skip_up_timeout
        std::uint32_t max_msg_size = 3072;     // fido-authenticator Config::max_msg_size
        // 0: no touch, 1: a touch, 2: a strong touch. Empty: never touched.
        std::function<int()> user_presence;
        // Milliseconds since power-up. Empty: always 0.
        std::function<std::uint64_t()> uptime_ms;
    };

    // An NK3A mini internal flash (288 blocks of 256 B, littlefs read 4 / prog 256 / cache
    // 256): `internal` must have that geometry (std::invalid_argument otherwise).
    RealFidoApp(ftl::BlockDevice& internal, Options options);
    RealFidoApp(const RealFidoApp&) = delete;
    RealFidoApp& operator=(const RealFidoApp&) = delete;
    ~RealFidoApp();

    // Mounts littlefs and creates the trussed service and the app.
    FwResult boot();

    struct Reply {
        FwResult result = FwResult::ok;
        // On ok: the CTAP status byte, then the CBOR response.
        std::vector<std::uint8_t> bytes;
    };
    // A CTAP2 request: the CTAPHID CBOR payload, command byte first.
    Reply ctap2(std::span<const std::uint8_t> request);

    void power_off();
    FwState state() const;
    // The message of the last panic caught in the firmware ("" for none).
    std::string panic_message() const;
    // What the device threw inside the firmware (the cut), or nullptr.
    std::exception_ptr device_exception() const { return device_exception_; }

  private:
    static int read_cb(void* context, std::uint32_t block, std::uint32_t offset,
                       std::uint8_t* buffer, std::uint32_t size);
    static int prog_cb(void* context, std::uint32_t block, std::uint32_t offset,
                       const std::uint8_t* buffer, std::uint32_t size);
    static int erase_cb(void* context, std::uint32_t block);
    static int user_presence_cb(void* context);
    static std::uint64_t uptime_cb(void* context);
    template <typename F>
    int guard(F&& f) noexcept;

    ftl::BlockDevice& device_;
    Options options_;
    nk3fw* fw_ = nullptr;
    std::exception_ptr device_exception_;
};

}  // namespace nk3::firmware
