#include "ctaphid/transport.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "ctaphid/commands.hpp"
#include "ctaphid/errors.hpp"

namespace nk3::ctaphid {

namespace {

constexpr std::size_t kNonceSize = 8;
constexpr std::uint8_t kMaxLockSeconds = 10;

}  // namespace

Transport::Transport(Application& app, TransportConfig config)
    : app_(app), config_(config), channels_(config.first_cid) {}

void Transport::receive(const Report& report, SimTime now) {
    tick(now);
    now = last_now_;
    if (is_init_packet(report)) {
        on_init_packet(decode_init(report), now);
    } else {
        on_cont_packet(decode_cont(report), now);
    }
}

void Transport::tick(SimTime now) {
    now = std::max(now, last_now_);
    last_now_ = now;
    if (phase_ == Phase::receiving && now - last_packet_ >= config_.transaction_timeout) {
        const std::uint32_t cid = active_cid_;
        abort_transaction();
        send_error(cid, err::kMsgTimeout);
    }
    if (phase_ == Phase::processing && pending_ && now >= next_keepalive_) {
        const std::array<std::uint8_t, 1> payload{app_.keepalive_status(active_cid_)};
        send(active_cid_, cmd::kKeepalive, payload);
        if (config_.keepalive_interval > SimTime::zero()) {
            const auto missed = (now - next_keepalive_) / config_.keepalive_interval;
            next_keepalive_ += (missed + 1) * config_.keepalive_interval;
        } else {
            next_keepalive_ = now + SimTime(1);
        }
    }
    if (lock_ && now >= lock_->until) lock_.reset();
}

std::optional<SimTime> Transport::next_deadline() const {
    std::optional<SimTime> out;
    const auto consider = [&](SimTime t) {
        if (!out || t < *out) out = t;
    };
    if (phase_ == Phase::receiving) consider(last_packet_ + config_.transaction_timeout);
    if (phase_ == Phase::processing && pending_) consider(next_keepalive_);
    if (lock_) consider(lock_->until);
    return out;
}

std::optional<Report> Transport::next_output() {
    if (out_.empty()) return std::nullopt;
    Report report = out_.front();
    out_.pop_front();
    return report;
}

bool Transport::complete(std::uint32_t cid, std::uint8_t cmd,
                         std::span<const std::uint8_t> payload) {
    if (phase_ != Phase::processing || active_cid_ != cid) return false;
    if (cmd > 0x7F || payload.size() > kMaxMessageSize) {
        send_error(cid, err::kOther);
    } else {
        send(cid, cmd, payload);
    }
    finish_transaction();
    return true;
}

void Transport::reset() {
    channels_.reset();
    rx_.clear();
    phase_ = Phase::idle;
    active_cid_ = 0;
    pending_ = false;
    cancel_sent_ = false;
    last_packet_ = SimTime{0};
    next_keepalive_ = SimTime{0};
    lock_.reset();
    out_.clear();
}

std::optional<std::uint32_t> Transport::active_cid() const {
    if (phase_ == Phase::idle) return std::nullopt;
    return active_cid_;
}

std::optional<std::uint32_t> Transport::lock_owner() const {
    if (!lock_) return std::nullopt;
    return lock_->cid;
}

void Transport::on_init_packet(const InitPacket& packet, SimTime now) {
    // CANCEL is never answered: it cancels the request being processed on its channel, and is
    // ignored everywhere else (unknown channel, idle channel, request still being received).
    if (packet.cmd == cmd::kCancel) {
        on_cancel(packet.cid);
        return;
    }
    if (packet.cid == kBroadcastCid) {
        if (packet.cmd == cmd::kInit) {
            on_init_command(packet);
        } else {
            send_error(packet.cid, err::kInvalidChannel);
        }
        return;
    }
    if (!channels_.is_allocated(packet.cid)) {
        send_error(packet.cid, err::kInvalidChannel);
        return;
    }
    // INIT is single-packet and answered at once, so it is accepted even while another
    // channel's transaction is in progress (it does not disturb that transaction).
    if (packet.cmd == cmd::kInit) {
        on_init_command(packet);
        return;
    }
    if (phase_ != Phase::idle && active_cid_ == packet.cid) {
        if (phase_ == Phase::receiving) {
            // A new request on a channel that still owes continuation packets: the host lost
            // track of the sequence. Drop the partial request.
            abort_transaction();
            send_error(packet.cid, err::kInvalidSeq);
        } else {
            send_error(packet.cid, err::kChannelBusy);
        }
        return;
    }
    if (phase_ != Phase::idle || locked_by_other(packet.cid, now)) {
        send_error(packet.cid, err::kChannelBusy);
        return;
    }
    if (!command_supported(packet.cmd)) {
        send_error(packet.cid, err::kInvalidCmd);
        return;
    }
    if (packet.bcnt > kMaxMessageSize) {
        send_error(packet.cid, err::kInvalidLen);
        return;
    }
    if (packet.cmd == cmd::kLock) {
        on_lock(packet, now);
        return;
    }
    if (packet.cmd == cmd::kWink && packet.bcnt != 0) {
        send_error(packet.cid, err::kInvalidLen);
        return;
    }
    switch (rx_.start(packet)) {
        case Reassembler::Status::complete:
            dispatch(now);
            break;
        case Reassembler::Status::incomplete:
            phase_ = Phase::receiving;
            active_cid_ = packet.cid;
            last_packet_ = now;
            break;
        default:  // invalid_len cannot happen (checked above); keep the state idle
            rx_.clear();
            send_error(packet.cid, err::kInvalidLen);
            break;
    }
}

void Transport::on_cont_packet(const ContPacket& packet, SimTime now) {
    // Continuation packets without a request in progress on their channel are ignored
    // (CTAP 2.1, 11.2.5.4: spurious continuation packets).
    if (phase_ != Phase::receiving || packet.cid != active_cid_) return;
    switch (rx_.add(packet)) {
        case Reassembler::Status::complete:
            dispatch(now);
            break;
        case Reassembler::Status::incomplete:
            last_packet_ = now;
            break;
        case Reassembler::Status::invalid_seq:
            abort_transaction();
            send_error(packet.cid, err::kInvalidSeq);
            break;
        default:
            break;
    }
}

void Transport::on_init_command(const InitPacket& packet) {
    if (packet.bcnt != kNonceSize) {
        send_error(packet.cid, err::kInvalidLen);
        return;
    }
    std::uint32_t cid = packet.cid;
    if (cid == kBroadcastCid) {
        cid = channels_.allocate();
    } else {
        // Resynchronise: drop this channel's transaction and lock.
        if (phase_ != Phase::idle && active_cid_ == cid) abort_transaction();
        if (lock_ && lock_->cid == cid) lock_.reset();
    }
    std::vector<std::uint8_t> answer(packet.data.begin(), packet.data.begin() + kNonceSize);
    answer.push_back(static_cast<std::uint8_t>(cid >> 24));
    answer.push_back(static_cast<std::uint8_t>(cid >> 16));
    answer.push_back(static_cast<std::uint8_t>(cid >> 8));
    answer.push_back(static_cast<std::uint8_t>(cid));
    answer.push_back(kProtocolVersion);
    answer.push_back(config_.version.major);
    answer.push_back(config_.version.minor);
    answer.push_back(config_.version.build);
    answer.push_back(config_.capabilities);
    send(packet.cid, cmd::kInit, answer);
}

void Transport::on_cancel(std::uint32_t cid) {
    if (phase_ != Phase::processing || active_cid_ != cid || cancel_sent_) return;
    cancel_sent_ = true;
    app_.cancel(cid);
}

void Transport::on_lock(const InitPacket& packet, SimTime now) {
    if (packet.bcnt != 1) {
        send_error(packet.cid, err::kInvalidLen);
        return;
    }
    const std::uint8_t seconds = packet.data[0];
    if (seconds > kMaxLockSeconds) {
        send_error(packet.cid, err::kInvalidPar);
        return;
    }
    if (seconds == 0) {
        lock_.reset();  // only the owner (or anybody when unlocked) gets here
    } else {
        lock_ = Lock{packet.cid, now + std::chrono::seconds(seconds)};
    }
    send(packet.cid, cmd::kLock, {});
}

bool Transport::command_supported(std::uint8_t code) const {
    switch (code) {
        case cmd::kPing:
            return true;
        case cmd::kMsg:
            return (config_.capabilities & capability::kNmsg) == 0;
        case cmd::kLock:
            return config_.lock_supported;
        case cmd::kWink:
            return (config_.capabilities & capability::kWink) != 0;
        case cmd::kCbor:
            return (config_.capabilities & capability::kCbor) != 0;
        default:
            return cmd::is_vendor(code);
    }
}

bool Transport::locked_by_other(std::uint32_t cid, SimTime now) const {
    return lock_ && lock_->cid != cid && now < lock_->until;
}

void Transport::dispatch(SimTime now) {
    const std::uint32_t cid = rx_.cid();
    const std::uint8_t code = rx_.cmd();
    const std::vector<std::uint8_t> payload = rx_.take_payload();
    phase_ = Phase::processing;
    active_cid_ = cid;
    pending_ = false;
    cancel_sent_ = false;
    const std::uint64_t serial = ++serial_;

    if (code == cmd::kPing) {
        send(cid, cmd::kPing, payload);
        finish_transaction();
        return;
    }
    if (code == cmd::kWink) {
        ++winks_;
        send(cid, cmd::kWink, {});
        finish_transaction();
        return;
    }

    const std::optional<Response> response = app_.handle(cid, code, payload, now);
    // complete() from inside handle() already answered (and ended) this transaction.
    if (phase_ != Phase::processing || serial_ != serial) return;
    if (response) {
        complete(cid, response->cmd, response->payload);
    } else {
        pending_ = true;
        next_keepalive_ = now + config_.keepalive_interval;
    }
}

void Transport::abort_transaction() {
    const bool was_processing = phase_ == Phase::processing;
    const std::uint32_t cid = active_cid_;
    finish_transaction();
    if (was_processing) app_.abort(cid);
}

void Transport::finish_transaction() {
    rx_.clear();
    phase_ = Phase::idle;
    pending_ = false;
    cancel_sent_ = false;
}

void Transport::send(std::uint32_t cid, std::uint8_t cmd, std::span<const std::uint8_t> payload) {
    for (const Report& report : fragment(cid, cmd, payload))
        out_.push_back(report);
}

void Transport::send_error(std::uint32_t cid, std::uint8_t code) {
    const std::array<std::uint8_t, 1> payload{code};
    send(cid, cmd::kError, payload);
}

}  // namespace nk3::ctaphid
