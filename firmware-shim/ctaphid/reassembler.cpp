#include "ctaphid/reassembler.hpp"

#include <algorithm>
#include <utility>

namespace nk3::ctaphid {

Reassembler::Status Reassembler::start(const InitPacket& packet) {
    clear();
    if (packet.bcnt > kMaxMessageSize) return Status::invalid_len;
    cid_ = packet.cid;
    cmd_ = packet.cmd;
    expected_ = packet.bcnt;
    payload_.reserve(expected_);
    const std::size_t take = std::min<std::size_t>({expected_, kInitDataSize, packet.data.size()});
    payload_.assign(packet.data.begin(), packet.data.begin() + static_cast<std::ptrdiff_t>(take));
    if (payload_.size() == expected_) {
        complete_ = true;
        return Status::complete;
    }
    active_ = true;
    return Status::incomplete;
}

Reassembler::Status Reassembler::add(const ContPacket& packet) {
    if (!active_ || packet.cid != cid_) return Status::ignored;
    if (packet.seq != next_seq_) {
        clear();
        return Status::invalid_seq;
    }
    const std::size_t take = std::min(expected_ - payload_.size(), packet.data.size());
    payload_.insert(payload_.end(), packet.data.begin(),
                    packet.data.begin() + static_cast<std::ptrdiff_t>(take));
    ++next_seq_;
    if (payload_.size() == expected_) {
        active_ = false;
        complete_ = true;
        return Status::complete;
    }
    // kMaxMessageSize bounds BCNT so that SEQ 127 always completes the message; a packet that
    // carries nothing (empty data span) cannot make progress and is treated as out of order.
    if (take == 0 || next_seq_ > kMaxSeq) {
        clear();
        return Status::invalid_seq;
    }
    return Status::incomplete;
}

std::vector<std::uint8_t> Reassembler::take_payload() {
    std::vector<std::uint8_t> out = std::move(payload_);
    clear();
    return out;
}

void Reassembler::clear() {
    active_ = false;
    complete_ = false;
    cid_ = 0;
    cmd_ = 0;
    expected_ = 0;
    next_seq_ = 0;
    payload_.clear();
}

}  // namespace nk3::ctaphid
