// The UDP sockets and the wall-clock tick of `sim serve`.

#include "harness/sim/sim_server.hpp"

#include <boost/asio/buffer.hpp>
#include <cstdio>
#include <cstring>
#include <exception>

#include "harness/sim/udp_address.hpp"

namespace nk3::sim {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

udp::socket bind_socket(asio::io_context& io, const udp::endpoint& endpoint, const char* what) {
    udp::socket socket(io);
    boost::system::error_code ec;
    socket.open(endpoint.protocol(), ec);
    if (!ec) socket.bind(endpoint, ec);
    if (ec)
        throw BindError(std::string("cannot bind the ") + what + " socket to " +
                        format_udp_address(endpoint) + ": " + ec.message());
    return socket;
}

}  // namespace

SimServer::SimServer(asio::io_context& io, device::VirtualNk3& key, DeviceControl& control,
                     ServeCounters& counters, const ServerOptions& options)
    : key_(key),
      control_(control),
      counters_(counters),
      options_(options),
      ctaphid_(bind_socket(io, options.ctaphid, "CTAPHID")),
      control_socket_(bind_socket(io, options.control, "control")),
      timer_(io) {}

udp::endpoint SimServer::ctaphid_endpoint() const {
    return ctaphid_.local_endpoint();
}
udp::endpoint SimServer::control_endpoint() const {
    return control_socket_.local_endpoint();
}

void SimServer::start() {
    last_wall_ = std::chrono::steady_clock::now();
    receive_report();
    receive_control();
    arm_tick();
}

void SimServer::stop() {
    stopped_ = true;
    boost::system::error_code ignored;
    timer_.cancel();
    ctaphid_.cancel(ignored);
    control_socket_.cancel(ignored);
}

void SimServer::sync() {
    const auto wall = std::chrono::steady_clock::now();
    const auto elapsed = std::chrono::duration_cast<SimTime>(wall - last_wall_);
    last_wall_ = wall;
    if (elapsed.count() > 0) key_.advance(elapsed);
    // What the key wrote is on disk before the host reads the answer that acknowledges it.
    control_.save_state_if_changed();
    while (auto report = key_.read()) {
        if (!host_) continue;  // nobody to send to yet: dropped, as by a host not listening
        boost::system::error_code ec;
        ctaphid_.send_to(asio::buffer(*report), *host_, 0, ec);
        if (!ec) ++counters_.reports_out;
    }
}

void SimServer::receive_report() {
    ctaphid_.async_receive_from(
        asio::buffer(report_buffer_), report_sender_,
        [this](const boost::system::error_code& ec, std::size_t size) {
            if (stopped_ || ec == asio::error::operation_aborted) return;
            if (!ec) {
                try {
                    if (size == ctaphid::kReportSize) {
                        if (host_ != report_sender_) {
                            host_ = report_sender_;
                            counters_.host = format_udp_address(report_sender_);
                        }
                        sync();  // the key's clock catches up before the report arrives
                        ctaphid::Report report;
                        std::memcpy(report.data(), report_buffer_.data(), report.size());
                        ++counters_.reports_in;
                        key_.write(report);
                        sync();
                    } else {
                        ++counters_.rejected_datagrams;
                    }
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "nk3rig sim serve: error handling a report: %s\n",
                                 e.what());
                }
            }
            receive_report();
        });
}

void SimServer::receive_control() {
    control_socket_.async_receive_from(
        asio::buffer(control_buffer_), control_sender_,
        [this](const boost::system::error_code& ec, std::size_t size) {
            if (stopped_ || ec == asio::error::operation_aborted) return;
            if (!ec) {
                try {
                    sync();
                    const std::string_view text(control_buffer_.data(), size);
                    const auto answer =
                        size == control_buffer_.size()
                            ? nlohmann::json{{"ok", false}, {"error", "command too long"}}
                            : control_.handle(text);
                    sync();
                    const std::string line = to_line(answer);
                    boost::system::error_code send_ec;
                    control_socket_.send_to(asio::buffer(line), control_sender_, 0, send_ec);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "nk3rig sim serve: error handling a control command: %s\n",
                                 e.what());
                }
            }
            receive_control();
        });
}

void SimServer::arm_tick() {
    timer_.expires_after(options_.tick);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (stopped_ || ec == asio::error::operation_aborted) return;
        try {
            sync();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "nk3rig sim serve: error on the clock tick: %s\n", e.what());
        }
        arm_tick();
    });
}

}  // namespace nk3::sim
