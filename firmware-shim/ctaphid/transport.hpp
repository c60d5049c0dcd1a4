#pragma once
// The device side of CTAPHID (CTAP 2.1, 11.2): a single-threaded, non-blocking state machine fed
// with 64-byte reports and the simulated time. It reassembles requests, answers INIT, PING,
// WINK, LOCK and CANCEL itself, hands MSG, CBOR and vendor commands to the Application,
// fragments responses, sends KEEPALIVE for pending requests and aborts stalled requests.
// Responses are queued as whole reports; the owner drains them with next_output() and carries
// them to the host however it likes (in-process, UDP, ...).
//
// At most one transaction exists at a time: from its first packet until its response is
// queued, any other channel's request gets CHANNEL_BUSY. receive() and tick() never throw
// on their own; an application exception passes through them (see application.hpp).

#include <cstdint>
#include <deque>
#include <optional>
#include <span>

#include "common/sim_time.hpp"
#include "ctaphid/application.hpp"
#include "ctaphid/channel.hpp"
#include "ctaphid/config.hpp"
#include "ctaphid/packet.hpp"
#include "ctaphid/reassembler.hpp"

namespace nk3::ctaphid {

class Transport {
  public:
    explicit Transport(Application& app, TransportConfig config = {});

    // One report from the host at time `now`. Runs tick(now) first.
    void receive(const Report& report, SimTime now);
    // Advances time: aborts a stalled request (MSG_TIMEOUT), sends due KEEPALIVEs, expires the
    // lock. Time going backwards is treated as no time passing.
    void tick(SimTime now);
    // The earliest time at which tick() would act (a request timing out, a KEEPALIVE due, the
    // lock expiring), or nullopt when it would not act at any time.
    std::optional<SimTime> next_deadline() const;

    // Oldest queued report to the host, or nullopt when there is none.
    std::optional<Report> next_output();
    std::size_t output_size() const { return out_.size(); }

    // Completes the request being processed on `cid` with `cmd` (without bit 7) and `payload`.
    // Returns false (and sends nothing) when `cid` has no request being processed. A payload
    // over kMaxMessageSize or a cmd above 0x7F is answered with ERROR OTHER instead.
    bool complete(std::uint32_t cid, std::uint8_t cmd, std::span<const std::uint8_t> payload);

    // Power cycle: channels, the transaction, the lock and queued output are gone.
    void reset();

    const TransportConfig& config() const { return config_; }
    bool busy() const { return phase_ != Phase::idle; }  // a request is received or processed
    std::optional<std::uint32_t> active_cid() const;
    bool is_pending() const { return phase_ == Phase::processing && pending_; }
    std::optional<std::uint32_t> lock_owner() const;  // holder of an unexpired LOCK
    bool channel_allocated(std::uint32_t cid) const { return channels_.is_allocated(cid); }
    std::uint64_t wink_count() const { return winks_; }

  private:
    enum class Phase : std::uint8_t { idle, receiving, processing };

    void on_init_packet(const InitPacket& packet, SimTime now);
    void on_cont_packet(const ContPacket& packet, SimTime now);
    void on_init_command(const InitPacket& packet);
    void on_cancel(std::uint32_t cid);
    void on_lock(const InitPacket& packet, SimTime now);
    bool command_supported(std::uint8_t code) const;
    bool locked_by_other(std::uint32_t cid, SimTime now) const;
    void dispatch(SimTime now);
    void abort_transaction();
    void finish_transaction();
    void send(std::uint32_t cid, std::uint8_t cmd, std::span<const std::uint8_t> payload);
    void send_error(std::uint32_t cid, std::uint8_t code);

    struct Lock {
        std::uint32_t cid = 0;
        SimTime until{0};
    };

    Application& app_;
    TransportConfig config_;
    ChannelAllocator channels_;
    Reassembler rx_;
    Phase phase_ = Phase::idle;
    std::uint32_t active_cid_ = 0;
    bool pending_ = false;
    bool cancel_sent_ = false;
    std::uint64_t serial_ = 0;  // increments per transaction; detects completion inside handle()
    SimTime last_packet_{0};
    SimTime next_keepalive_{0};
    SimTime last_now_{0};
    std::optional<Lock> lock_;
    std::deque<Report> out_;
    std::uint64_t winks_ = 0;
};

}  // namespace nk3::ctaphid
