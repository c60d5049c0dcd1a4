#pragma once
// Channel identifiers (CTAP 2.1, 11.2.3): INIT on the broadcast CID 0xFFFFFFFF allocates a new
// CID. Allocation is deterministic: first, first + 1, ... (default first = 1), never 0 and never
// the broadcast CID. Only one transaction can exist at a time, so a channel has no state of its
// own beyond "was it handed out"; a CID is allocated when it lies in [first, next) (or anywhere
// once the counter has wrapped around). reset() forgets every channel (power cycle).

#include <cstdint>

namespace nk3::ctaphid {

class ChannelAllocator {
  public:
    // `first` is clamped into [1, 0xFFFFFFFE]; tests use a high value to exercise wrap-around.
    explicit ChannelAllocator(std::uint32_t first = 1);

    std::uint32_t allocate();
    bool is_allocated(std::uint32_t cid) const;
    std::uint64_t allocations() const { return allocations_; }  // since construction or reset
    void reset();

  private:
    std::uint32_t first_;
    std::uint32_t next_;
    bool wrapped_ = false;
    std::uint64_t allocations_ = 0;
};

}  // namespace nk3::ctaphid
