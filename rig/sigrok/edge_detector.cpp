// EdgeDetector: level changes of watched bits across a stream of logic samples.
#include "rig/sigrok/edge_detector.hpp"

#include <stdexcept>

namespace nk3::rig::sigrok {

EdgeDetector::EdgeDetector(std::vector<WatchedChannel> channels, std::uint64_t samplerate_hz)
    : channels_(std::move(channels)), samplerate_(samplerate_hz) {
    if (samplerate_ == 0) throw std::invalid_argument("EdgeDetector: samplerate 0");
}

std::int64_t EdgeDetector::time_ns(std::uint64_t sample) const {
    constexpr std::uint64_t kNs = 1'000'000'000;
    return static_cast<std::int64_t>((sample / samplerate_) * kNs +
                                     (sample % samplerate_) * kNs / samplerate_);
}

void EdgeDetector::feed(std::span<const std::uint8_t> data, unsigned unit_size) {
    if (unit_size == 0) return;
    const std::size_t count = data.size() / unit_size;
    for (std::size_t s = 0; s < count; ++s, ++samples_) {
        const std::uint8_t* sample = data.data() + s * unit_size;
        for (std::size_t c = 0; c < channels_.size(); ++c) {
            const unsigned bit = channels_[c].bit;
            const bool level = bit / 8 < unit_size && ((sample[bit / 8] >> (bit % 8)) & 1) != 0;
            if (samples_ == 0) {
                level_.push_back(level);
                initial_.push_back(level);
            } else if (level != level_[c]) {
                level_[c] = level;
                edges_.push_back({time_ns(samples_), channels_[c].name, level});
            }
        }
    }
}

std::optional<bool> EdgeDetector::initial_level(const std::string& name) const {
    for (std::size_t c = 0; c < channels_.size() && c < initial_.size(); ++c)
        if (channels_[c].name == name) return initial_[c];
    return std::nullopt;
}

}  // namespace nk3::rig::sigrok
