#pragma once
// A stand-in key for the link's own tests: the project's CTAPHID transport with a small scripted
// application behind it, exposed as a HidEndpoint. It answers getInfo with a fixed CBOR map,
// everything else as the test scripts it (answer now, hold with keepalives until a simulated
// time, hold forever, U2F by a callback), and can lose power.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "ctaphid/application.hpp"
#include "ctaphid/transport.hpp"
#include "device/hid_endpoint.hpp"

namespace nk3::rig::testing {

using Bytes = std::vector<std::uint8_t>;

// The AAGUID the fake's getInfo reports.
inline constexpr std::uint8_t kFakeAaguid[16] = {0x2c, 0xd2, 0xf7, 0x27, 0xf6, 0xca, 0x44, 0xda,
                                                 0x8f, 0x48, 0x5c, 0x2e, 0x5d, 0xa0, 0x00, 0xa2};

// getInfo: versions U2F_V2, FIDO_2_0, FIDO_2_1; extensions credProtect, hmac-secret; the AAGUID
// above; options rk, up, clientPin=false; maxMsgSize 1200; pinUvAuthProtocols [2, 1].
Bytes fake_get_info();

class FakeCtapApp : public ctaphid::Application {
  public:
    struct Request {
        std::uint8_t cmd = 0;
        Bytes payload;
        SimTime at{0};
    };

    // How a CBOR request other than getInfo is answered.
    struct CborScript {
        std::uint8_t status = 0x27;       // CTAP2_ERR_OPERATION_DENIED
        std::optional<SimTime> hold_for;  // answer after this much simulated time
        bool hold_forever = false;        // never answer (keepalives until cancelled)
    };

    std::optional<ctaphid::Response> handle(std::uint32_t cid, std::uint8_t cmd,
                                            std::span<const std::uint8_t> payload,
                                            SimTime now) override;
    void cancel(std::uint32_t cid) override;
    void abort(std::uint32_t cid) override;
    std::uint8_t keepalive_status(std::uint32_t cid) const override;

    // Completes a held request whose time has come. Called by FakeKey before the transport
    // ticks (never from inside a transport callback).
    void on_time(SimTime now);
    void power_loss() { pending_.reset(); }

    ctaphid::Transport* transport = nullptr;
    CborScript cbor;
    // When set, answers the CBOR requests other than getInfo (the request's command byte and
    // parameters in, the whole answer out: status byte, then CBOR); std::nullopt: `cbor` does.
    std::function<std::optional<Bytes>(std::span<const std::uint8_t> request)> on_cbor;
    // U2F: the APDU and the current time; returns the response data with its status word.
    std::function<Bytes(std::span<const std::uint8_t> apdu, SimTime now)> on_msg;

    std::vector<Request> requests;
    std::vector<std::uint32_t> cancels;

  private:
    struct Pending {
        std::uint32_t cid = 0;
        std::optional<SimTime> complete_at;
        std::uint8_t status = 0;
    };
    std::optional<Pending> pending_;
};

class FakeKey : public device::HidEndpoint {
  public:
    FakeKey();

    void write(const ctaphid::Report& report) override;
    std::optional<ctaphid::Report> read() override;
    void advance(SimTime dt) override;
    SimTime now() const override { return now_; }

    // Power: off drops the transport's channels and output and the application's request.
    void power_off();
    void power_on() { powered_ = true; }

    FakeCtapApp app;
    ctaphid::Transport transport;
    bool throw_on_write = false;  // write() throws std::runtime_error("fake key: write failed")

  private:
    SimTime now_{0};
    bool powered_ = true;
};

}  // namespace nk3::rig::testing
