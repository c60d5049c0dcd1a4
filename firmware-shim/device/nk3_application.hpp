#pragma once
// The firmware's application layer as the CTAPHID transport sees it: CBOR requests go to the
// FIDO authenticator, MSG (U2F) requests too, vendor commands to the admin functions. It also
// holds what the firmware keeps in RAM around user presence: the CBOR request waiting for a
// touch, and the U2F touch latch. It never catches flash::PowerLoss: a cut unwinds through it
// to the device, which drops it (power_lost()) with the rest of the RAM. Nor fido::Panic or
// fs::FsError: the device halts the key on those (a firmware panic).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ctaphid/application.hpp"
#include "ctaphid/transport.hpp"
#include "device/touch_button.hpp"
#include "device/virtual_nk3.hpp"
#include "fido/authenticator.hpp"

namespace nk3::device {

// What the application layer needs from the device around it.
class DeviceServices {
  public:
    virtual ~DeviceServices() = default;
    // nullptr when the FIDO application is not running.
    virtual fido::Authenticator* authenticator() = 0;
    virtual AdminStatus admin_status() = 0;
    // Vendor command 0x53: reboot once the current transport call has returned (the answer is
    // queued by then).
    virtual void request_reboot() = 0;
};

class Nk3Application final : public ctaphid::Application {
  public:
    Nk3Application(DeviceServices& device, std::uint32_t firmware_version,
                   const std::array<std::uint8_t, 16>& uuid);

    // The transport that carries this application's answers (complete()).
    void attach(ctaphid::Transport& transport) { transport_ = &transport; }

    // A new button behaviour also applies to a request already waiting: it is settled as if the
    // button had behaved so from the start, but not before `now`.
    void set_button(const ButtonConfig& button, SimTime now);
    const ButtonConfig& button() const { return button_; }

    // ctaphid::Application
    std::optional<ctaphid::Response> handle(std::uint32_t cid, std::uint8_t cmd,
                                            std::span<const std::uint8_t> payload,
                                            SimTime now) override;
    void cancel(std::uint32_t cid) override;
    void abort(std::uint32_t cid) override;
    std::uint8_t keepalive_status(std::uint32_t cid) const override;

    // When the button settles the request waiting for a touch, if one waits.
    std::optional<SimTime> next_event() const;
    // Finishes the waiting request once its touch is settled at `now` (may throw PowerLoss).
    void poll(SimTime now);
    // RAM is gone: the waiting request and the U2F latch are forgotten.
    void power_lost();

    bool waiting_for_touch() const { return pending_.has_value(); }

  private:
    struct PendingTouch {
        std::uint32_t cid = 0;
        std::vector<std::uint8_t> request;
        SimTime asked_at{0};
        TouchDecision decision;
    };

    std::optional<ctaphid::Response> handle_cbor(std::uint32_t cid,
                                                 std::span<const std::uint8_t> payload,
                                                 SimTime now);
    std::optional<ctaphid::Response> handle_msg(std::uint32_t cid,
                                                std::span<const std::uint8_t> payload, SimTime now);
    ctaphid::Response handle_vendor(std::uint8_t cmd, std::span<const std::uint8_t> payload);
    // Queues the reply on the transport, then runs the work the firmware does after answering.
    void finish(std::uint32_t cid, std::uint8_t cmd, fido::Reply reply);

    DeviceServices& device_;
    ctaphid::Transport* transport_ = nullptr;
    std::uint32_t firmware_version_;
    std::array<std::uint8_t, 16> uuid_;
    ButtonConfig button_;
    std::optional<PendingTouch> pending_;
    std::optional<SimTime> u2f_press_started_;  // a U2F request was refused for lack of a touch
};

}  // namespace nk3::device
