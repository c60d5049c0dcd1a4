// The application layer of the simulated NK3 firmware: CTAPHID requests to the authenticator and
// the admin vendor commands, and the RAM state of user presence.

#include "device/nk3_application.hpp"

#include "ctaphid/errors.hpp"
#include "device/vendor_commands.hpp"
#include "fido/panic.hpp"
#include "flash/flash_error.hpp"
#include "fs/fs_error.hpp"

namespace nk3::device {

namespace {

constexpr std::uint8_t kCtap1ErrOther = 0x7F;  // CTAP2 status byte for an internal error
const std::vector<std::uint8_t> kSwConditionsNotSatisfied = {0x69, 0x85};
const std::vector<std::uint8_t> kSwUnknownError = {0x6F, 0x00};

bool is_conditions_not_satisfied(const crypto::Bytes& payload) {
    return payload.size() >= 2 && payload[payload.size() - 2] == 0x69 &&
           payload[payload.size() - 1] == 0x85;
}

// Calls the authenticator. A power cut and a firmware panic (fido::Panic, or a filesystem error
// that escaped) pass through to the device; any other exception is a firmware error, answered
// with `on_error` (the key does not crash on a bad request).
template <typename F>
fido::Reply guarded(F&& call, const std::vector<std::uint8_t>& on_error) {
    try {
        return call();
    } catch (const flash::PowerLoss&) {
        throw;
    } catch (const fido::Panic&) {
        throw;
    } catch (const fs::FsError&) {
        throw;
    } catch (const std::exception&) {
        return fido::Reply{on_error, false, {}};
    }
}

}  // namespace

Nk3Application::Nk3Application(DeviceServices& device, std::uint32_t firmware_version,
                               const std::array<std::uint8_t, 16>& uuid)
    : device_(device), firmware_version_(firmware_version), uuid_(uuid) {}

void Nk3Application::set_button(const ButtonConfig& button, SimTime now) {
    button_ = button;
    if (pending_) {
        pending_->decision = decide_touch(button_, pending_->asked_at);
        if (pending_->decision.at < now) pending_->decision.at = now;
    }
}

std::optional<ctaphid::Response> Nk3Application::handle(std::uint32_t cid, std::uint8_t cmd,
                                                        std::span<const std::uint8_t> payload,
                                                        SimTime now) {
    switch (cmd) {
        case ctaphid::cmd::kCbor:
            return handle_cbor(cid, payload, now);
        case ctaphid::cmd::kMsg:
            return handle_msg(cid, payload, now);
        default:
            return handle_vendor(cmd, payload);
    }
}

std::optional<ctaphid::Response> Nk3Application::handle_cbor(std::uint32_t cid,
                                                             std::span<const std::uint8_t> payload,
                                                             SimTime now) {
    fido::Authenticator* auth = device_.authenticator();
    if (!auth) return ctaphid::Response{ctaphid::cmd::kCbor, {kCtap1ErrOther}};
    fido::Reply reply =
        guarded([&] { return auth->cbor(payload, fido::Presence::not_asked); }, {kCtap1ErrOther});
    if (reply.presence_needed) {
        pending_ =
            PendingTouch{cid, {payload.begin(), payload.end()}, now, decide_touch(button_, now)};
        return std::nullopt;  // KEEPALIVE UPNEEDED until the button settles it
    }
    finish(cid, ctaphid::cmd::kCbor, std::move(reply));
    return std::nullopt;  // completed inside handle()
}

std::optional<ctaphid::Response> Nk3Application::handle_msg(std::uint32_t cid,
                                                            std::span<const std::uint8_t> payload,
                                                            SimTime now) {
    fido::Authenticator* auth = device_.authenticator();
    if (!auth) return ctaphid::Response{ctaphid::cmd::kMsg, kSwUnknownError};
    // The U2F latch: a refused request started a touch; once the button granted it, the next
    // U2F request is called with the touch (and uses it up).
    fido::Presence presence = fido::Presence::not_asked;
    if (u2f_press_started_) {
        const TouchDecision d = decide_touch(button_, *u2f_press_started_);
        if (now >= d.at) {
            if (d.presence == fido::Presence::granted) presence = fido::Presence::granted;
            u2f_press_started_.reset();
        }
    }
    fido::Reply reply = guarded([&] { return auth->u2f(payload, presence); }, kSwUnknownError);
    if (reply.presence_needed) reply = fido::Reply{kSwConditionsNotSatisfied, false, {}};
    if (presence != fido::Presence::granted && is_conditions_not_satisfied(reply.payload) &&
        !u2f_press_started_)
        u2f_press_started_ = now;
    finish(cid, ctaphid::cmd::kMsg, std::move(reply));
    return std::nullopt;
}

ctaphid::Response Nk3Application::handle_vendor(std::uint8_t cmd,
                                                std::span<const std::uint8_t> payload) {
    switch (cmd) {
        case vendor::kReboot:
            device_.request_reboot();
            return {cmd, {}};
        case vendor::kVersion:
            return {cmd,
                    {static_cast<std::uint8_t>(firmware_version_ >> 24),
                     static_cast<std::uint8_t>(firmware_version_ >> 16),
                     static_cast<std::uint8_t>(firmware_version_ >> 8),
                     static_cast<std::uint8_t>(firmware_version_)}};
        case vendor::kUuid:
            return {cmd, {uuid_.begin(), uuid_.end()}};
        case vendor::kAdmin: {
            if (payload.empty()) return ctaphid::Response::error(ctaphid::err::kInvalidLen);
            if (payload[0] != vendor::admin::kStatus)
                return ctaphid::Response::error(ctaphid::err::kInvalidCmd);
            const auto status = encode_admin_status(device_.admin_status());
            return {cmd, {status.begin(), status.end()}};
        }
        case vendor::kUpdate:
            // Rebooting into the bootloader is not simulated.
            return ctaphid::Response::error(ctaphid::err::kOther);
        default:
            return ctaphid::Response::error(ctaphid::err::kInvalidCmd);
    }
}

void Nk3Application::finish(std::uint32_t cid, std::uint8_t cmd, fido::Reply reply) {
    if (transport_) transport_->complete(cid, cmd, reply.payload);
    if (!reply.after_sent) return;
    try {
        reply.after_sent();
    } catch (const flash::PowerLoss&) {
        throw;
    } catch (const fido::Panic&) {
        throw;
    } catch (const fs::FsError&) {
        throw;
    } catch (const std::exception&) {
        // The answer is already out; a firmware error afterwards has nobody to tell.
    }
}

void Nk3Application::cancel(std::uint32_t cid) {
    if (!pending_ || pending_->cid != cid) return;
    pending_.reset();
    if (transport_)
        transport_->complete(cid, ctaphid::cmd::kCbor,
                             std::vector<std::uint8_t>{ctaphid::kCtap2ErrKeepaliveCancel});
}

void Nk3Application::abort(std::uint32_t cid) {
    if (pending_ && pending_->cid == cid) pending_.reset();
}

std::uint8_t Nk3Application::keepalive_status(std::uint32_t cid) const {
    return pending_ && pending_->cid == cid ? ctaphid::keepalive::kUpNeeded
                                            : ctaphid::keepalive::kProcessing;
}

std::optional<SimTime> Nk3Application::next_event() const {
    if (!pending_) return std::nullopt;
    return pending_->decision.at;
}

void Nk3Application::poll(SimTime now) {
    if (!pending_ || now < pending_->decision.at) return;
    const PendingTouch touch = std::move(*pending_);
    pending_.reset();
    fido::Authenticator* auth = device_.authenticator();
    fido::Reply reply =
        auth ? guarded([&] { return auth->cbor(touch.request, touch.decision.presence); },
                       {kCtap1ErrOther})
             : fido::Reply{{kCtap1ErrOther}, false, {}};
    if (reply.presence_needed) reply = fido::Reply{{kCtap1ErrOther}, false, {}};
    finish(touch.cid, ctaphid::cmd::kCbor, std::move(reply));
}

void Nk3Application::power_lost() {
    pending_.reset();
    u2f_press_started_.reset();
}

}  // namespace nk3::device
