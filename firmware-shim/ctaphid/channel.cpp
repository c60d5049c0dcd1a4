#include "ctaphid/channel.hpp"

#include "ctaphid/packet.hpp"

namespace nk3::ctaphid {

namespace {

std::uint32_t clamp_first(std::uint32_t first) {
    if (first == 0) return 1;
    if (first == kBroadcastCid) return kBroadcastCid - 1;
    return first;
}

}  // namespace

ChannelAllocator::ChannelAllocator(std::uint32_t first)
    : first_(clamp_first(first)), next_(first_) {}

std::uint32_t ChannelAllocator::allocate() {
    const std::uint32_t cid = next_;
    ++allocations_;
    ++next_;
    if (next_ == kBroadcastCid) {
        next_ = 1;
        wrapped_ = true;
    }
    return cid;
}

bool ChannelAllocator::is_allocated(std::uint32_t cid) const {
    if (cid == 0 || cid == kBroadcastCid) return false;
    if (wrapped_) return true;
    return cid >= first_ && cid < next_;
}

void ChannelAllocator::reset() {
    next_ = first_;
    wrapped_ = false;
    allocations_ = 0;
}

}  // namespace nk3::ctaphid
