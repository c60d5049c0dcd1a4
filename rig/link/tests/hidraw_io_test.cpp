// The link's own hidraw I/O (HidrawIo) under FidoLink. A SOCK_SEQPACKET socket pair stands in
// for the hidraw node (one report per read and write, as hidraw gives), with the fake key's
// CTAPHID transport served on the other end by a thread: libfido2 opens and talks through it,
// the observer sees the wire, admin status reaches the key on a channel of its own, a read
// times out when the key stays silent, every connect finds the key again through the locator.
// Opening real nodes fails with the reason; the report descriptor check knows a FIDO descriptor
// from a keyboard's.
#include "rig/link/hidraw_io.hpp"

#include <fido.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fake_key.hpp"
#include "rig/link/fido_link.hpp"
#include "rig/link/hidraw_device_opener.hpp"

namespace nk3::rig {
namespace {

using namespace std::chrono_literals;
using testing::FakeKey;

// The fake key behind one end of a socket pair; FidoLink gets the other end as its "node".
class SocketKey {
  public:
    SocketKey() {
        int fds[2];
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), 0);
        host_ = fds[0];
        key_side_ = fds[1];
        server_ = std::thread([this] { serve(); });
    }
    ~SocketKey() {
        stop_ = true;
        server_.join();
        ::close(key_side_);
        ::close(host_);
    }

    // A NodeOpener giving the host end (a fresh descriptor each time, as open() would); the
    // nodes it was asked to open go to `opened`.
    HidrawIo::NodeOpener opener() {
        return [this](const std::string& node, std::string&) {
            opened.push_back(node);
            return ::dup(host_);
        };
    }
    std::vector<std::string> opened;
    // Holds every CBOR request but getInfo for `t` of the key's time (keepalives meanwhile).
    void hold_cbor(SimTime t) {
        std::lock_guard lock(mutex_);
        key_.app.cbor.hold_for = t;
    }
    void go_silent() { silent_ = true; }

  private:
    // Each round: every report the host wrote reaches the key; when none came, the key's
    // clock moves 50 ms (10x wall time, so holds end soon, while a request's packets, written
    // back to back, never straddle the transport's 500 ms transaction timeout); then whatever
    // the key has to say goes out.
    void serve() {
        while (!stop_) {
            bool received = false;
            pollfd p{key_side_, POLLIN, 0};
            if (::poll(&p, 1, 5) > 0 && (p.revents & POLLIN)) {
                std::uint8_t buf[65];
                for (ssize_t n; (n = ::recv(key_side_, buf, sizeof buf, MSG_DONTWAIT)) > 0;) {
                    EXPECT_EQ(n, 65);
                    EXPECT_EQ(buf[0], 0);  // report id 0, then the packet
                    ctaphid::Report report;
                    std::copy(buf + 1, buf + 65, report.begin());
                    std::lock_guard lock(mutex_);
                    key_.write(report);
                    received = true;
                }
            }
            std::lock_guard lock(mutex_);
            if (!received) key_.advance(50ms);
            while (auto out = key_.read())
                if (!silent_) ::send(key_side_, out->data(), out->size(), 0);
        }
    }

    FakeKey key_;
    std::mutex mutex_;
    int host_ = -1;
    int key_side_ = -1;
    std::atomic<bool> stop_{false};
    std::atomic<bool> silent_{false};
    std::thread server_;
};

TEST(HidrawIoTest, LibFido2OpensAndTalksThroughIt) {
    SocketKey key;
    FidoLink link(std::make_unique<HidrawDeviceOpener>("/dev/hidraw-test", 2000, key.opener()));
    const auto info = link.connect();
    ASSERT_TRUE(info.ok()) << info.status.text;
    EXPECT_EQ(info.value->aaguid,
              Bytes(std::begin(testing::kFakeAaguid), std::end(testing::kFakeAaguid)));
    EXPECT_EQ(link.describe(), "libfido2 on hidraw /dev/hidraw-test");
}

TEST(HidrawIoTest, AdminStatusReachesTheKeyOnARawChannel) {
    SocketKey key;
    FidoLink link(std::make_unique<HidrawDeviceOpener>("/dev/hidraw-test", 2000, key.opener()));
    ASSERT_TRUE(link.connect().ok());
    // The fake knows no vendor command: CTAPHID ERROR invalid command, from the key itself.
    const auto s = link.admin_status();
    EXPECT_EQ(s.status.code, 0x01) << s.status.text;
    EXPECT_NE(s.status.text.find("CTAPHID ERROR 1"), std::string::npos) << s.status.text;
}

TEST(HidrawIoTest, TheObserverSeesRequestsKeepalivesAndResponses) {
    SocketKey key;
    FidoLink link(std::make_unique<HidrawDeviceOpener>("/dev/hidraw-test", 5000, key.opener()));
    ASSERT_TRUE(link.connect().ok());
    std::vector<LinkEvent> events;
    link.set_observer([&](LinkEvent e) { events.push_back(e); });
    key.hold_cbor(300ms);
    CredentialRequest r;
    r.rp = "example.org";
    r.user_id = {1};
    r.user_name = "u";
    const auto made = link.make_credential(r, std::nullopt);
    EXPECT_EQ(made.status.code, FIDO_ERR_OPERATION_DENIED) << made.status.text;
    ASSERT_GE(events.size(), 3u);
    EXPECT_EQ(events.front(), LinkEvent::request_sent);
    EXPECT_EQ(events.back(), LinkEvent::response);
    EXPECT_NE(std::find(events.begin(), events.end(), LinkEvent::keepalive), events.end());
}

TEST(HidrawIoTest, AnObserverThatThrowsFailsTheCallAndIsKept) {
    SocketKey key;
    auto opener = std::make_unique<HidrawDeviceOpener>("/dev/hidraw-test", 2000, key.opener());
    HidrawDeviceOpener* raw = opener.get();
    FidoLink link(std::move(opener));
    ASSERT_TRUE(link.connect().ok());
    raw->set_observer([](LinkEvent) { throw std::runtime_error("power switch failed"); });
    EXPECT_THROW(link.connect(), std::exception);
}

TEST(HidrawIoTest, EveryConnectFindsTheKeyAgainWhereverItCameBack) {
    SocketKey key;
    std::vector<std::optional<std::string>> where = {"/dev/hidraw3", std::nullopt, "/dev/hidraw4"};
    std::size_t asked = 0;
    FidoLink link(std::make_unique<HidrawDeviceOpener>("/dev/hidraw3", 2000, key.opener(),
                                                       [&]() { return where.at(asked++); }));
    ASSERT_TRUE(link.connect().ok());
    // Power cut: the key is gone, then back under another node.
    const auto gone = link.connect();
    EXPECT_FALSE(gone.ok());
    EXPECT_NE(gone.status.text.find("the key is not attached (last seen as /dev/hidraw3)"),
              std::string::npos)
        << gone.status.text;
    const auto back = link.connect();
    ASSERT_TRUE(back.ok()) << back.status.text;
    EXPECT_EQ(key.opened, (std::vector<std::string>{"/dev/hidraw3", "/dev/hidraw4"}));
    EXPECT_EQ(link.describe(), "libfido2 on hidraw /dev/hidraw4");
}

TEST(HidrawIoTest, ASilentKeyTimesOut) {
    SocketKey key;
    FidoLink link(std::make_unique<HidrawDeviceOpener>("/dev/hidraw-test", 200, key.opener()));
    key.go_silent();
    const auto info = link.connect();
    EXPECT_FALSE(info.ok());
    EXPECT_EQ(info.status.code, FIDO_ERR_RX) << info.status.text;
}

TEST(HidrawIoTest, OpeningANodeThatIsNotHidrawSaysWhy) {
    std::string why;
    EXPECT_EQ(open_hidraw_node("/nonexistent/hidraw7", why), -1);
    EXPECT_NE(why.find("cannot open /nonexistent/hidraw7"), std::string::npos) << why;

    const std::string file = ::testing::TempDir() + "not-a-hidraw-node";
    std::ofstream(file) << "plain file";
    EXPECT_EQ(open_hidraw_node(file, why), -1);
    EXPECT_NE(why.find("not a hidraw node"), std::string::npos) << why;

    auto link = make_hidraw_fido_link(file, 100);
    const auto info = link->connect();
    EXPECT_FALSE(info.ok());
    EXPECT_NE(info.status.text.find("not a hidraw node"), std::string::npos) << info.status.text;
}

TEST(HidrawIoTest, FidoUsagePageInAReportDescriptor) {
    // CTAP 2.1 11.2.8.1's descriptor (usage page 0xF1D0, usage 0x01, 64-byte reports).
    const std::vector<std::uint8_t> fido = {0x06, 0xD0, 0xF1, 0x09, 0x01, 0xA1, 0x01, 0x09, 0x20,
                                            0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08, 0x95, 0x40,
                                            0x81, 0x02, 0x09, 0x21, 0x15, 0x00, 0x26, 0xFF, 0x00,
                                            0x75, 0x08, 0x95, 0x40, 0x91, 0x02, 0xC0};
    EXPECT_TRUE(is_fido_report_descriptor(fido));
    // A boot keyboard's: generic desktop page (0x05 0x01), no FIDO page; its bytes 0xD0 0xF1
    // inside another item's data do not count.
    const std::vector<std::uint8_t> keyboard = {0x05, 0x01, 0x09, 0x06, 0xA1, 0x01,
                                                0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7,
                                                0x27, 0x06, 0xD0, 0xF1, 0x00, 0xC0};
    EXPECT_FALSE(is_fido_report_descriptor(keyboard));
    EXPECT_FALSE(is_fido_report_descriptor({}));
    EXPECT_FALSE(is_fido_report_descriptor(std::vector<std::uint8_t>{0x06, 0xD0}));  // cut short
}

}  // namespace
}  // namespace nk3::rig
