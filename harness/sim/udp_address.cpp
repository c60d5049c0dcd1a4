// Parsing and printing the UDP addresses of `sim serve`.

#include "harness/sim/udp_address.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace nk3::sim {

namespace asio = boost::asio;

std::optional<asio::ip::udp::endpoint> parse_udp_address(std::string_view text, std::string* why) {
    auto fail = [&](std::string message) -> std::optional<asio::ip::udp::endpoint> {
        if (why) *why = std::move(message);
        return std::nullopt;
    };
    std::string_view host;
    std::string_view port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return fail("expected [IPV6]:PORT");
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) return fail("expected HOST:PORT, e.g. 127.0.0.1:8111");
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos)
            return fail("write an IPv6 address in brackets: [::1]:8111");
    }
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value > 65535)
        return fail("port must be a number from 0 to 65535");
    if (host == "localhost") host = "127.0.0.1";
    boost::system::error_code error;
    const auto address = asio::ip::make_address(std::string(host), error);
    if (error) return fail("'" + std::string(host) + "' is not an IP address");
    return asio::ip::udp::endpoint(address, static_cast<unsigned short>(value));
}

std::string format_udp_address(const asio::ip::udp::endpoint& endpoint) {
    const auto address = endpoint.address();
    const std::string host =
        address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    return host + ":" + std::to_string(endpoint.port());
}

}  // namespace nk3::sim
