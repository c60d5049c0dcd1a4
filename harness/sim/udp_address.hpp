#pragma once
// UDP addresses as `sim serve --udp/--control` take them: IPV4:PORT, [IPV6]:PORT or
// localhost:PORT; port 0 asks the kernel for a free one (the server prints what it got).

#include <boost/asio/ip/udp.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace nk3::sim {

// std::nullopt (and `why` set) when `text` is not such an address.
std::optional<boost::asio::ip::udp::endpoint> parse_udp_address(std::string_view text,
                                                                std::string* why = nullptr);

// "127.0.0.1:8111", "[::1]:8111".
std::string format_udp_address(const boost::asio::ip::udp::endpoint& endpoint);

}  // namespace nk3::sim
