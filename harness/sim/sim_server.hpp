#pragma once
// The sockets of `sim serve`: CTAPHID over UDP (one 64-byte HID report per datagram, replies to
// the last sender) and the text control port, on one single-threaded io_context. The key's
// simulated clock follows the wall clock while serving: on every datagram and on a periodic
// tick the key is advanced by the wall time that passed, then its queued reports are flushed,
// so KEEPALIVEs, the touch delay and transaction timeouts happen in real time.

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <stdexcept>

#include "device/virtual_nk3.hpp"
#include "harness/sim/device_control.hpp"
#include "harness/sim/serve_counters.hpp"

namespace nk3::sim {

// A socket could not be bound (address in use, not a local address).
class BindError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct ServerOptions {
    boost::asio::ip::udp::endpoint ctaphid;
    boost::asio::ip::udp::endpoint control;
    std::chrono::milliseconds tick{5};
};

class SimServer {
  public:
    // Binds both sockets (BindError); serves once io.run() runs.
    SimServer(boost::asio::io_context& io, device::VirtualNk3& key, DeviceControl& control,
              ServeCounters& counters, const ServerOptions& options);

    boost::asio::ip::udp::endpoint ctaphid_endpoint() const;
    boost::asio::ip::udp::endpoint control_endpoint() const;

    // Arms the receives and the tick.
    void start();
    // Cancels everything; io.run() then returns.
    void stop();

  private:
    void receive_report();
    void receive_control();
    void arm_tick();
    // Advances the key to the wall clock, saves changed state, sends the key's queued reports.
    void sync();

    device::VirtualNk3& key_;
    DeviceControl& control_;
    ServeCounters& counters_;
    ServerOptions options_;
    boost::asio::ip::udp::socket ctaphid_;
    boost::asio::ip::udp::socket control_socket_;
    boost::asio::steady_timer timer_;
    boost::asio::ip::udp::endpoint report_sender_;
    boost::asio::ip::udp::endpoint control_sender_;
    std::optional<boost::asio::ip::udp::endpoint> host_;
    std::array<std::uint8_t, 2048> report_buffer_{};
    std::array<char, 2048> control_buffer_{};
    std::chrono::steady_clock::time_point last_wall_;
    bool stopped_ = false;
};

}  // namespace nk3::sim
