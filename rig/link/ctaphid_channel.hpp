#pragma once
// A CTAPHID channel of our own on raw HID reports, for what libfido2 has no API for: the NK3's
// admin vendor command (0x72 / 0x80), and CTAP2 requests whose state must outlive one libfido2
// call (a credentialManagement survey under one pinUvAuthToken, ctap2_exchange.hpp). open()
// INITs a channel on the broadcast channel; transact() sends a command and reads its answer,
// skipping KEEPALIVEs and other channels' reports. Runs over any fido_dev_io_t and handle, so
// libfido2's open device can be shared: the simulator's SimHidIo today, a hidraw I/O tomorrow.

#include <fido.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace nk3::rig {

struct HidReply {
    // FIDO_OK; FIDO_ERR_TX / FIDO_ERR_RX when reports could not be written or nothing (whole)
    // came back in time; a CTAPHID ERROR answer's error byte (0x01: invalid command, ...).
    int status = FIDO_OK;
    std::string text;
    std::vector<std::uint8_t> payload;  // the answer's data when status is FIDO_OK
    bool ok() const { return status == FIDO_OK; }
};

class CtaphidChannel {
  public:
    // `io` and `handle` (fido_dev_io_handle of an open device) must outlive the channel.
    // `timeout_ms` bounds each read of a report.
    CtaphidChannel(const fido_dev_io_t& io, void* handle, int timeout_ms = 1000)
        : io_(&io), handle_(handle), timeout_ms_(timeout_ms) {}

    // INIT: allocates the channel id. Must succeed before transact().
    HidReply open();
    bool is_open() const { return cid_ != 0; }
    // One command (without bit 7) and its whole answer.
    HidReply transact(std::uint8_t cmd, std::span<const std::uint8_t> payload);

  private:
    HidReply receive(std::uint32_t cid, std::uint8_t cmd);

    const fido_dev_io_t* io_;
    void* handle_;
    int timeout_ms_;
    std::uint32_t cid_ = 0;
};

// A vendor command (0x40..0x7F) on a channel of its own: open(), then transact().
HidReply ctaphid_vendor_command(const fido_dev_io_t& io, void* handle, std::uint8_t cmd,
                                std::span<const std::uint8_t> payload, int timeout_ms = 1000);

}  // namespace nk3::rig
