#pragma once
// Reassembly of one message from an initialization packet and its continuation packets
// (CTAP 2.1, 11.2.4 and 11.2.5.4): continuation packets must carry SEQ 0, 1, 2, ... in order.
// Works for either direction (the transport uses it for requests, tests for responses).

#include <cstdint>
#include <span>
#include <vector>

#include "ctaphid/packet.hpp"

namespace nk3::ctaphid {

class Reassembler {
  public:
    enum class Status : std::uint8_t {
        incomplete,   // more continuation packets expected
        complete,     // payload() holds the whole message
        invalid_len,  // start(): BCNT above kMaxMessageSize; nothing started
        invalid_seq,  // add(): SEQ was not the expected one; the message is dropped
        ignored,      // add(): no message in progress, or it belongs to another CID
    };

    // Starts a message (dropping any message in progress).
    Status start(const InitPacket& packet);
    Status add(const ContPacket& packet);

    bool active() const { return active_; }         // started and not complete or dropped
    bool has_message() const { return complete_; }  // a completed message is held
    std::uint32_t cid() const { return cid_; }
    std::uint8_t cmd() const { return cmd_; }
    std::size_t expected_size() const { return expected_; }
    std::uint8_t next_seq() const { return next_seq_; }
    std::span<const std::uint8_t> payload() const { return payload_; }
    std::vector<std::uint8_t> take_payload();  // moves the payload out and clears

    void clear();

  private:
    bool active_ = false;
    bool complete_ = false;
    std::uint32_t cid_ = 0;
    std::uint8_t cmd_ = 0;
    std::size_t expected_ = 0;
    std::uint8_t next_seq_ = 0;
    std::vector<std::uint8_t> payload_;
};

}  // namespace nk3::ctaphid
