// Randomised, deterministic robustness tests: hostile and malformed reports never make the
// transport throw, never produce malformed output, and never disturb another channel's request.

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "test_host.hpp"

namespace nk3::ctaphid {
namespace {

using namespace testing;

constexpr std::uint8_t kCommands[] = {cmd::kPing,  cmd::kMsg,  cmd::kLock,   cmd::kInit,
                                      cmd::kWink,  cmd::kCbor, cmd::kCancel, cmd::kKeepalive,
                                      cmd::kError, 0x51,       0x53,         0x61,
                                      0x62,        0x72,       0x00,         0x7F};

class Fuzzer {
  public:
    explicit Fuzzer(std::uint64_t seed) : rng_(seed) {}

    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(rng_() % n); }
    bool chance(std::uint32_t percent) { return below(100) < percent; }

    std::uint32_t cid() {
        switch (below(6)) {
            case 0:
                return 0;
            case 1:
                return kBroadcastCid;
            case 2:
                return static_cast<std::uint32_t>(rng_());
            default:
                return 1 + below(8);  // likely allocated
        }
    }

    Report random_report() {
        Report r;
        for (auto& b : r)
            b = static_cast<std::uint8_t>(rng_());
        if (chance(70)) {
            const std::uint32_t c = cid();
            r[0] = static_cast<std::uint8_t>(c >> 24);
            r[1] = static_cast<std::uint8_t>(c >> 16);
            r[2] = static_cast<std::uint8_t>(c >> 8);
            r[3] = static_cast<std::uint8_t>(c);
        }
        return r;
    }

    // A well-formed message, then mutated: byte flips, dropped, duplicated or swapped packets.
    std::vector<Report> message_reports(std::uint32_t channel) {
        const std::uint8_t code = kCommands[below(sizeof kCommands)];
        std::size_t size = below(100);
        if (code == cmd::kInit) size = 8;
        if (code == cmd::kLock) size = 1;
        if (code == cmd::kWink || code == cmd::kCancel) size = 0;
        if (chance(10)) size = below(static_cast<std::uint32_t>(kMaxMessageSize) + 1);
        Bytes payload(size);
        for (auto& b : payload)
            b = static_cast<std::uint8_t>(rng_());
        if (code == cmd::kLock && !payload.empty()) payload[0] %= 12;
        std::vector<Report> reports = fragment(channel, code, payload);
        if (chance(20)) {
            Report& victim = reports[below(static_cast<std::uint32_t>(reports.size()))];
            victim[below(kReportSize)] = static_cast<std::uint8_t>(rng_());
        }
        if (reports.size() > 2 && chance(10)) {
            reports.erase(reports.begin() + 1 +
                          below(static_cast<std::uint32_t>(reports.size() - 1)));
        }
        if (reports.size() > 2 && chance(10)) {
            std::swap(reports[1], reports[2]);
        }
        if (reports.size() > 1 && chance(10)) {
            reports.insert(reports.begin() + 1, reports[1]);
        }
        return reports;
    }

    SimTime step() {
        switch (below(20)) {
            case 0:
                return 600ms;
            case 1:
                return -50ms;  // the clock going backwards must be harmless
            default:
                return std::chrono::milliseconds(below(40));
        }
    }

    std::mt19937_64& rng() { return rng_; }

  private:
    std::mt19937_64 rng_;
};

// Every report the transport emits must be a well-formed device-to-host packet.
void check_output(Transport& t, std::size_t& count) {
    while (auto r = t.next_output()) {
        ++count;
        if (!is_init_packet(*r)) continue;
        const InitPacket p = decode_init(*r);
        ASSERT_LE(p.bcnt, kMaxMessageSize);
        ASSERT_NE(p.cmd, cmd::kCancel);
        if (p.cmd == cmd::kError) {
            ASSERT_EQ(p.bcnt, 1);
        }
        if (p.cmd == cmd::kKeepalive) {
            ASSERT_EQ(p.bcnt, 1);
        }
    }
}

TEST(TransportFuzz, HundredThousandHostileReports) {
    Fuzzer fuzz(0x6e6b3372u);
    FakeApp app;
    app.on_handle = [&fuzz](const FakeApp::Call& call) -> std::optional<Response> {
        switch (fuzz.below(10)) {
            case 0:
                return Response{0x90, {}};  // not a valid response command
            case 1:
                return Response::error(err::kInvalidCmd);
            case 2:
            case 3:
            case 4:
                return std::nullopt;
            case 5:
                return Response{call.cmd, Bytes(fuzz.below(3000))};
            default:
                return Response{call.cmd, call.payload};
        }
    };
    Transport t(app);
    SimTime now{0};
    std::size_t received = 0;
    std::size_t emitted = 0;
    std::vector<Report> queue;
    while (received < 100'000) {
        if (queue.empty()) {
            if (fuzz.chance(40)) {
                queue.push_back(fuzz.random_report());
            } else {
                queue = fuzz.message_reports(fuzz.cid());
            }
        }
        const Report r = queue.front();
        queue.erase(queue.begin());
        now += fuzz.step();
        ASSERT_NO_THROW(t.receive(r, now));
        ++received;
        if (fuzz.chance(5)) {
            ASSERT_NO_THROW(t.tick(now));
        }
        if (t.is_pending() && fuzz.chance(5)) {
            const Bytes answer(fuzz.below(200));
            ASSERT_TRUE(t.complete(*t.active_cid(), cmd::kCbor, answer));
        }
        if (fuzz.chance(1) && fuzz.chance(10)) t.reset();
        check_output(t, emitted);
        if (::testing::Test::HasFatalFailure()) return;
    }
    EXPECT_GT(emitted, 10'000u);
    EXPECT_GT(app.calls.size(), 100u);

    // Whatever state the fuzzing left, a fresh channel still works once any stalled or pending
    // transaction is out of the way.
    now += 20s;
    t.tick(now);
    if (t.is_pending()) t.complete(*t.active_cid(), cmd::kCbor, Bytes{});
    while (t.next_output()) {
    }
    Host host(t);
    host.now = now;
    const std::uint32_t cid = host.open();
    ASSERT_NE(cid, 0u);
    const Bytes payload = pattern(300, 77);
    host.send(cid, cmd::kPing, payload);
    auto m = host.one();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->cid, cid);
    EXPECT_EQ(m->cmd, cmd::kPing);
    EXPECT_EQ(m->payload, payload);
}

TEST(TransportFuzz, HostileChannelsNeverDisturbAnotherChannelsRequest) {
    Fuzzer fuzz(42);
    FakeApp app;
    Transport t(app);
    Host host(t);
    const std::uint32_t legit = host.open();
    for (int i = 0; i < 8; ++i)
        host.open();  // hostile traffic finds allocated channels
    for (int round = 0; round < 300; ++round) {
        const Bytes payload = pattern(1 + fuzz.below(2000), static_cast<std::uint8_t>(round));
        const std::uint8_t code = fuzz.chance(50) ? cmd::kPing : cmd::kCbor;
        const auto reports = fragment(legit, code, payload);
        for (std::size_t i = 0; i < reports.size(); ++i) {
            host.send_report(reports[i]);
            // Hostile traffic only while the legitimate request is in progress: afterwards the
            // device is rightly free to serve (and be busy with) other channels.
            if (i + 1 == reports.size()) break;
            const std::uint32_t hostile = 1 + fuzz.below(20);
            for (std::uint32_t k = 0; k < hostile; ++k) {
                std::vector<Report> burst = fuzz.chance(50)
                                                ? std::vector<Report>{fuzz.random_report()}
                                                : fuzz.message_reports(fuzz.cid());
                host.now += std::chrono::milliseconds(fuzz.below(3));  // stays below timeout
                for (const Report& h : burst) {
                    if (packet_cid(h) == legit) continue;
                    ASSERT_NO_THROW(host.send_report(h));
                }
            }
        }
        bool seen = false;
        for (const Message& m : host.messages()) {
            if (m.cid != legit) continue;
            ASSERT_FALSE(seen) << "round " << round;
            seen = true;
            ASSERT_EQ(m.cmd, code) << "round " << round;
            Bytes expected = payload;
            if (code == cmd::kCbor) expected.insert(expected.begin(), 0x00);
            ASSERT_EQ(m.payload, expected) << "round " << round;
        }
        ASSERT_TRUE(seen) << "round " << round;
        ASSERT_FALSE(t.busy());
    }
}

}  // namespace
}  // namespace nk3::ctaphid
