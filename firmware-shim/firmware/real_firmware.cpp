#include "firmware/real_firmware.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "nk3_firmware.h"

namespace nk3::firmware {

const char* to_string(FwResult result) {
    switch (result) {
        case FwResult::ok:
            return "ok";
        case FwResult::invalid:
            return "invalid";
        case FwResult::mount:
            return "mount failed";
        case FwResult::state:
            return "wrong state";
        case FwResult::size:
            return "size";
        case FwResult::halted:
            return "halted (panic)";
        case FwResult::off:
            return "off";
    }
    return "unknown";
}

RealFidoApp::RealFidoApp(ftl::BlockDevice& internal, Options options)
    : device_(internal), options_(std::move(options)) {
    if (internal.block_size() != 256 || internal.block_count() != 288)
        throw std::invalid_argument(
            "real firmware: the NK3A mini geometry needs 288 blocks of "
            "256 B, got " +
            std::to_string(internal.block_count()) + " of " +
            std::to_string(internal.block_size()));
    nk3fw_config config{};
    config.geometry = NK3FW_GEOMETRY_NK3AM_MINI;
    std::copy(options_.seed.begin(), options_.seed.end(), config.seed);
    config.skip_up_timeout_ms = options_.skip_up_timeout_ms;
    config.max_msg_size = options_.max_msg_size;
    const nk3fw_device device{this, &read_cb, &prog_cb, &erase_cb};
    const nk3fw_board board{this, &user_presence_cb, &uptime_cb};
    fw_ = nk3fw_new(&config, &device, &board);
    if (fw_ == nullptr)
        throw std::runtime_error("real firmware: another instance exists in this process");
}

RealFidoApp::~RealFidoApp() {
    nk3fw_free(fw_);
}

FwResult RealFidoApp::boot() {
    return static_cast<FwResult>(nk3fw_boot(fw_));
}

RealFidoApp::Reply RealFidoApp::ctap2(std::span<const std::uint8_t> request) {
    Reply reply;
    reply.bytes.resize(8192);
    std::uint32_t size = 0;
    const int rc =
        nk3fw_ctap2(fw_, request.data(), static_cast<std::uint32_t>(request.size()),
                    reply.bytes.data(), static_cast<std::uint32_t>(reply.bytes.size()), &size);
    reply.result = static_cast<FwResult>(rc);
    reply.bytes.resize(rc == NK3FW_OK ? size : 0);
    return reply;
}

void RealFidoApp::power_off() {
    nk3fw_power_off(fw_);
}

std::string RealFidoApp::panic_message() const {
    std::string message(nk3fw_panic_message(fw_, nullptr, 0), '\0');
    if (!message.empty()) {
        std::vector<char> buffer(message.size() + 1);
        nk3fw_panic_message(fw_, buffer.data(), static_cast<std::uint32_t>(buffer.size()));
        message.assign(buffer.data(), message.size());
    }
    return message;
}

FwState RealFidoApp::state() const {
    return static_cast<FwState>(nk3fw_state(fw_));
}

template <typename F>
int RealFidoApp::guard(F&& f) noexcept {
    if (device_exception_) return -5;  // the power is gone: nothing more reaches the flash
    try {
        f();
        return 0;
    } catch (...) {
        device_exception_ = std::current_exception();
        return -5;
    }
}

int RealFidoApp::read_cb(void* context, std::uint32_t block, std::uint32_t offset,
                         std::uint8_t* buffer, std::uint32_t size) {
    auto* self = static_cast<RealFidoApp*>(context);
    return self->guard([&] { self->device_.read(block, offset, {buffer, size}); });
}

int RealFidoApp::prog_cb(void* context, std::uint32_t block, std::uint32_t offset,
                         const std::uint8_t* buffer, std::uint32_t size) {
    auto* self = static_cast<RealFidoApp*>(context);
    return self->guard([&] { self->device_.prog(block, offset, {buffer, size}); });
}

int RealFidoApp::erase_cb(void* context, std::uint32_t block) {
    auto* self = static_cast<RealFidoApp*>(context);
    return self->guard([&] { self->device_.erase(block); });
}

int RealFidoApp::user_presence_cb(void* context) {
    auto* self = static_cast<RealFidoApp*>(context);
    if (!self->options_.user_presence) return 0;
    try {
        return self->options_.user_presence();
    } catch (...) {
        return 0;
    }
}

std::uint64_t RealFidoApp::uptime_cb(void* context) {
    auto* self = static_cast<RealFidoApp*>(context);
    if (!self->options_.uptime_ms) return 0;
    try {
        return self->options_.uptime_ms();
    } catch (...) {
        return 0;
    }
}

}  // namespace nk3::firmware
