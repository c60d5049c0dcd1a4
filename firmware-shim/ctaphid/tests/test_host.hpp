#pragma once
// Test doubles: a scriptable Application and a Host that talks to a Transport the way
// libfido2 would (fragmenting requests, reassembling responses), with a stepped clock.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "ctaphid/application.hpp"
#include "ctaphid/commands.hpp"
#include "ctaphid/errors.hpp"
#include "ctaphid/packet.hpp"
#include "ctaphid/reassembler.hpp"
#include "ctaphid/transport.hpp"

namespace nk3::ctaphid::testing {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

inline Bytes pattern(std::size_t size, std::uint8_t seed = 1) {
    Bytes out(size);
    for (std::size_t i = 0; i < size; ++i) {
        out[i] = static_cast<std::uint8_t>(seed + i * 7 + (i >> 8));
    }
    return out;
}

// Answers every request with {0x00} + payload under the request's command unless told
// otherwise; records every call.
class FakeApp : public Application {
  public:
    struct Call {
        std::uint32_t cid = 0;
        std::uint8_t cmd = 0;
        Bytes payload;
        SimTime now{0};
    };

    std::optional<Response> handle(std::uint32_t cid, std::uint8_t cmd,
                                   std::span<const std::uint8_t> payload, SimTime now) override {
        calls.push_back(Call{cid, cmd, Bytes(payload.begin(), payload.end()), now});
        if (on_handle) return on_handle(calls.back());
        if (hold) return std::nullopt;
        Bytes answer{0x00};
        answer.insert(answer.end(), payload.begin(), payload.end());
        return Response{cmd, answer};
    }
    void cancel(std::uint32_t cid) override {
        cancels.push_back(cid);
        if (throw_in_callbacks) throw std::runtime_error("cancel failed");
        if (on_cancel) on_cancel(cid);
    }
    void abort(std::uint32_t cid) override {
        aborts.push_back(cid);
        if (throw_in_callbacks) throw std::runtime_error("abort failed");
    }
    std::uint8_t keepalive_status(std::uint32_t cid) const override {
        status_queries.push_back(cid);
        if (throw_in_callbacks) throw std::runtime_error("status failed");
        return status;
    }

    bool hold = false;
    bool throw_in_callbacks = false;  // cancel(), abort() and keepalive_status() throw
    std::uint8_t status = keepalive::kUpNeeded;
    std::function<std::optional<Response>(const Call&)> on_handle;
    std::function<void(std::uint32_t)> on_cancel;
    std::vector<Call> calls;
    std::vector<std::uint32_t> cancels;
    std::vector<std::uint32_t> aborts;
    mutable std::vector<std::uint32_t> status_queries;
};

struct Message {
    std::uint32_t cid = 0;
    std::uint8_t cmd = 0;
    Bytes payload;
    std::size_t reports = 0;
};

class Host {
  public:
    explicit Host(Transport& transport) : t_(transport) {}

    SimTime now{0};
    void advance(SimTime dt) {
        now += dt;
        t_.tick(now);
    }

    void send_report(const Report& report) { t_.receive(report, now); }
    void send(std::uint32_t cid, std::uint8_t cmd, std::span<const std::uint8_t> payload) {
        for (const Report& r : fragment(cid, cmd, payload))
            send_report(r);
    }
    void send(std::uint32_t cid, std::uint8_t cmd, std::initializer_list<std::uint8_t> payload) {
        const Bytes bytes(payload);
        send(cid, cmd, bytes);
    }

    std::vector<Report> drain() {
        std::vector<Report> out;
        while (auto r = t_.next_output())
            out.push_back(*r);
        return out;
    }

    // Drains the output and reassembles it into messages; flags malformed output.
    std::vector<Message> messages() {
        std::vector<Message> out;
        Reassembler rx;
        std::size_t count = 0;
        Report last{};
        for (const Report& r : drain()) {
            ++count;
            if (is_init_packet(r)) {
                EXPECT_FALSE(rx.active()) << "init packet inside a response";
                count = 1;
                auto status = rx.start(decode_init(r));
                EXPECT_NE(status, Reassembler::Status::invalid_len);
                last = r;
                if (status == Reassembler::Status::complete) {
                    out.push_back(finish(rx, count, last));
                }
            } else {
                auto status = rx.add(decode_cont(r));
                EXPECT_TRUE(status == Reassembler::Status::complete ||
                            status == Reassembler::Status::incomplete)
                    << "stray continuation in output";
                last = r;
                if (status == Reassembler::Status::complete) {
                    out.push_back(finish(rx, count, last));
                }
            }
        }
        EXPECT_FALSE(rx.active()) << "truncated response";
        return out;
    }

    std::optional<Message> one() {
        auto all = messages();
        EXPECT_EQ(all.size(), 1u);
        if (all.size() != 1) return std::nullopt;
        return all.front();
    }

    // Sends INIT on the broadcast CID; returns the allocated CID (0 on failure).
    std::uint32_t open() {
        const Bytes nonce{1, 2, 3, 4, 5, 6, 7, 8};
        send(kBroadcastCid, cmd::kInit, nonce);
        auto m = one();
        if (!m || m->cmd != cmd::kInit || m->payload.size() != 17) {
            ADD_FAILURE() << "INIT failed";
            return 0;
        }
        return (std::uint32_t{m->payload[8]} << 24) | (std::uint32_t{m->payload[9]} << 16) |
               (std::uint32_t{m->payload[10]} << 8) | std::uint32_t{m->payload[11]};
    }

  private:
    static Message finish(Reassembler& rx, std::size_t count, const Report& last) {
        Message m{rx.cid(), rx.cmd(), {}, count};
        const std::size_t size = rx.expected_size();
        // Unused bytes of the last report must be zero.
        std::size_t used = size <= kInitDataSize
                               ? kInitHeaderSize + size
                               : kContHeaderSize + (size - kInitDataSize - 1) % kContDataSize + 1;
        for (std::size_t i = used; i < kReportSize; ++i) {
            EXPECT_EQ(last[i], 0) << "non-zero tail at byte " << i;
        }
        m.payload = rx.take_payload();
        return m;
    }

    Transport& t_;
};

inline void expect_error(const std::optional<Message>& m, std::uint32_t cid, std::uint8_t code) {
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->cid, cid);
    EXPECT_EQ(m->cmd, cmd::kError);
    EXPECT_EQ(m->payload, Bytes{code});
}

}  // namespace nk3::ctaphid::testing
