#pragma once
// A small CTAPHID host for the device tests, driving a HidEndpoint with raw 64-byte reports as
// libfido2 would: INIT a channel, fragment a request, read and reassemble the answer while
// moving simulated time forward, remembering the KEEPALIVE statuses seen on the way.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "cbor/value.hpp"
#include "device/hid_endpoint.hpp"
#include "device/virtual_nk3.hpp"
#include "profiles/profile_loader.hpp"

namespace nk3::device::testing {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

struct Message {
    std::uint8_t cmd = 0;  // without bit 7
    Bytes payload;
};

class TestHost {
  public:
    explicit TestHost(HidEndpoint& device) : device_(device) {}

    // INIT on the broadcast channel; the new CID, or nullopt when the device does not answer.
    std::optional<std::uint32_t> init(SimTime limit = 1s);
    // Fragments and writes a request.
    void send(std::uint32_t cid, std::uint8_t cmd, const Bytes& payload);
    // Reads until a whole answer on `cid` (other than KEEPALIVE) arrived, advancing time in
    // `step`s; nullopt when none came within `limit`.
    std::optional<Message> receive(std::uint32_t cid, SimTime limit = 5s, SimTime step = 10ms);
    std::optional<Message> transact(std::uint32_t cid, std::uint8_t cmd, const Bytes& payload,
                                    SimTime limit = 5s);
    // CTAPHID_CBOR: command byte then the encoded parameters (none when `params` is null).
    std::optional<Message> cbor(std::uint32_t cid, std::uint8_t command,
                                const std::optional<cbor::Value>& params = std::nullopt,
                                SimTime limit = 40s);

    // KEEPALIVE status bytes seen by receive() since the last clear.
    const std::vector<std::uint8_t>& keepalives() const { return keepalives_; }
    void clear_keepalives() { keepalives_.clear(); }

  private:
    HidEndpoint& device_;
    std::vector<std::uint8_t> keepalives_;
    std::uint8_t nonce_seed_ = 1;
};

// Success when the key answers INIT and then getInfo with CTAP2_OK (it booted into a working
// FIDO application); otherwise what it did instead.
::testing::AssertionResult answers_get_info(HidEndpoint& device);

// The shipped profile, parsed once.
const profiles::DeviceProfile& profile(const std::string& name);

// CTAP2 commands and a few status bytes the tests use.
namespace ctap {
inline constexpr std::uint8_t kMakeCredential = 0x01;
inline constexpr std::uint8_t kGetAssertion = 0x02;
inline constexpr std::uint8_t kGetInfo = 0x04;
inline constexpr std::uint8_t kReset = 0x07;
inline constexpr std::uint8_t kOk = 0x00;
inline constexpr std::uint8_t kErrOperationDenied = 0x27;
inline constexpr std::uint8_t kErrKeepaliveCancel = 0x2D;
inline constexpr std::uint8_t kErrUserActionTimeout = 0x2F;
}  // namespace ctap

// makeCredential parameters for a resident ES256 credential on `rp` for user `user`.
cbor::Value make_credential_params(const std::string& rp, const std::string& user);

// Decodes the CBOR map after the status byte of a CTAP2 answer (fails the test otherwise).
cbor::Value decode_ctap_body(const Message& answer);

}  // namespace nk3::device::testing
