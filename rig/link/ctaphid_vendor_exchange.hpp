#pragma once
// One CTAPHID vendor command on raw HID reports, for what libfido2 has no API for (the NK3's
// admin status, 0x72 / 0x80): INIT a channel of its own on the broadcast channel, send the
// command, read the answer (skipping KEEPALIVEs and other channels' reports). Runs over any
// fido_dev_io_t and handle, so libfido2's open device can be shared: the simulator's SimHidIo
// today, a hidraw I/O tomorrow.

#include <fido.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace nk3::rig {

struct VendorReply {
    // FIDO_OK; FIDO_ERR_TX / FIDO_ERR_RX when reports could not be written or nothing (whole)
    // came back in time; a CTAPHID ERROR answer's error byte (0x01: invalid command, ...).
    int status = FIDO_OK;
    std::string text;
    std::vector<std::uint8_t> payload;  // the answer's data when status is FIDO_OK
};

// `cmd` without bit 7 (0x40..0x7F). `timeout_ms` bounds each read.
VendorReply ctaphid_vendor_command(const fido_dev_io_t& io, void* handle, std::uint8_t cmd,
                                   std::span<const std::uint8_t> payload, int timeout_ms = 1000);

}  // namespace nk3::rig
