// FakeKey and FakeCtapApp: the link tests' scripted key.
#include "fake_key.hpp"

#include <stdexcept>
#include <string_view>

#include "ctaphid/commands.hpp"
#include "ctaphid/errors.hpp"

namespace nk3::rig::testing {

namespace {

constexpr std::uint8_t kGetInfo = 0x04;
constexpr std::uint8_t kKeepaliveCancel = 0x2D;

// Just enough CBOR (RFC 8949) to write the fake's getInfo map.
class CborWriter {
  public:
    CborWriter& head(std::uint8_t major, std::uint64_t n) {
        const auto m = static_cast<std::uint8_t>(major << 5);
        if (n < 24) {
            out.push_back(static_cast<std::uint8_t>(m | n));
        } else if (n < 0x100) {
            out.push_back(m | 24);
            out.push_back(static_cast<std::uint8_t>(n));
        } else {
            out.push_back(m | 25);
            out.push_back(static_cast<std::uint8_t>(n >> 8));
            out.push_back(static_cast<std::uint8_t>(n));
        }
        return *this;
    }
    CborWriter& uint(std::uint64_t n) { return head(0, n); }
    CborWriter& bytes(std::span<const std::uint8_t> b) {
        head(2, b.size());
        out.insert(out.end(), b.begin(), b.end());
        return *this;
    }
    CborWriter& text(std::string_view s) {
        head(3, s.size());
        out.insert(out.end(), s.begin(), s.end());
        return *this;
    }
    CborWriter& array(std::size_t n) { return head(4, n); }
    CborWriter& map(std::size_t n) { return head(5, n); }
    CborWriter& boolean(bool b) {
        out.push_back(b ? 0xF5 : 0xF4);
        return *this;
    }

    Bytes out;
};

}  // namespace

Bytes fake_get_info() {
    CborWriter w;
    w.map(6);
    w.uint(1).array(3).text("U2F_V2").text("FIDO_2_0").text("FIDO_2_1");
    w.uint(2).array(2).text("credProtect").text("hmac-secret");
    w.uint(3).bytes(kFakeAaguid);
    w.uint(4)
        .map(3)
        .text("rk")
        .boolean(true)
        .text("up")
        .boolean(true)
        .text("clientPin")
        .boolean(false);
    w.uint(5).uint(1200);
    w.uint(6).array(2).uint(2).uint(1);
    return w.out;
}

std::optional<ctaphid::Response> FakeCtapApp::handle(std::uint32_t cid, std::uint8_t cmd,
                                                     std::span<const std::uint8_t> payload,
                                                     SimTime now) {
    requests.push_back(Request{cmd, Bytes(payload.begin(), payload.end()), now});
    if (cmd == ctaphid::cmd::kCbor) {
        if (!payload.empty() && payload[0] == kGetInfo) {
            Bytes answer{0x00};
            const Bytes info = fake_get_info();
            answer.insert(answer.end(), info.begin(), info.end());
            return ctaphid::Response{cmd, answer};
        }
        if (on_cbor)
            if (std::optional<Bytes> answer = on_cbor(payload))
                return ctaphid::Response{cmd, *answer};
        if (cbor.hold_forever || cbor.hold_for) {
            pending_ = Pending{cid, std::nullopt, cbor.status};
            if (cbor.hold_for) pending_->complete_at = now + *cbor.hold_for;
            return std::nullopt;
        }
        return ctaphid::Response{cmd, {cbor.status}};
    }
    if (cmd == ctaphid::cmd::kMsg && on_msg) return ctaphid::Response{cmd, on_msg(payload, now)};
    return ctaphid::Response::error(ctaphid::err::kInvalidCmd);
}

void FakeCtapApp::cancel(std::uint32_t cid) {
    cancels.push_back(cid);
    if (pending_ && pending_->cid == cid) {
        pending_.reset();
        const std::uint8_t status[] = {kKeepaliveCancel};
        transport->complete(cid, ctaphid::cmd::kCbor, status);
    }
}

void FakeCtapApp::abort(std::uint32_t cid) {
    if (pending_ && pending_->cid == cid) pending_.reset();
}

std::uint8_t FakeCtapApp::keepalive_status(std::uint32_t) const {
    return ctaphid::keepalive::kUpNeeded;
}

void FakeCtapApp::on_time(SimTime now) {
    if (!pending_ || !pending_->complete_at || now < *pending_->complete_at) return;
    const Pending done = *pending_;
    pending_.reset();
    const std::uint8_t status[] = {done.status};
    transport->complete(done.cid, ctaphid::cmd::kCbor, status);
}

FakeKey::FakeKey() : transport(app) {
    app.transport = &transport;
}

void FakeKey::write(const ctaphid::Report& report) {
    if (throw_on_write) throw std::runtime_error("fake key: write failed");
    if (powered_) transport.receive(report, now_);
}

std::optional<ctaphid::Report> FakeKey::read() {
    if (!powered_) return std::nullopt;
    return transport.next_output();
}

void FakeKey::advance(SimTime dt) {
    now_ += dt;
    if (!powered_) return;
    app.on_time(now_);
    transport.tick(now_);
}

void FakeKey::power_off() {
    powered_ = false;
    transport.reset();
    app.power_loss();
}

}  // namespace nk3::rig::testing
