// A small thread-safe cache of immutable values keyed by 32 bytes (a private scalar or seed, or a
// SHA-256 digest), with a fixed capacity and least-recently-used eviction, so that memory stays
// flat however many distinct keys a long run sees. The workers of a campaign (threads) share it:
// every access takes one mutex. Values are shared_ptr<const V>: a caller keeps its value alive
// after eviction, and nobody modifies one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "crypto/bytes.hpp"

namespace nk3::crypto {

using CacheKey = std::array<std::uint8_t, 32>;

template <typename V>
class BoundedCache {
  public:
    explicit BoundedCache(std::size_t capacity) : capacity_(capacity) {}
    BoundedCache(const BoundedCache&) = delete;
    BoundedCache& operator=(const BoundedCache&) = delete;
    ~BoundedCache() {
        for (auto& entry : order_)
            secure_wipe(entry.first);
    }

    // The value stored under `key` (now the most recently used), or nullptr.
    std::shared_ptr<const V> find(const CacheKey& key) {
        std::lock_guard lock(mutex_);
        const auto it = index_.find(key);
        if (it == index_.end()) return nullptr;
        order_.splice(order_.begin(), order_, it->second);
        return it->second->second;
    }

    // Stores `value` under `key` (replacing any), evicting the least recently used entry when
    // full. Returns the value now stored.
    std::shared_ptr<const V> put(const CacheKey& key, std::shared_ptr<const V> value) {
        std::lock_guard lock(mutex_);
        const auto it = index_.find(key);
        if (it != index_.end()) {
            order_.splice(order_.begin(), order_, it->second);
            return it->second->second;  // another thread was first: keep one value per key
        }
        if (capacity_ == 0) return value;
        if (index_.size() >= capacity_) {
            auto& last = order_.back();
            index_.erase(last.first);
            secure_wipe(last.first);
            order_.pop_back();
        }
        order_.emplace_front(key, std::move(value));
        index_.emplace(key, order_.begin());
        return order_.front().second;
    }

    // The value stored under `key`; else make()'s (a pointer to a new value, or nullptr: nothing
    // to store), stored. make() runs without the lock, so two threads may both make a value for
    // one key; the first one stored is the one both get.
    template <typename Make>
    std::shared_ptr<const V> find_or_put(const CacheKey& key, Make&& make) {
        if (auto hit = find(key)) return hit;
        std::shared_ptr<const V> made = std::forward<Make>(make)();
        return made ? put(key, std::move(made)) : nullptr;
    }

    std::size_t size() {
        std::lock_guard lock(mutex_);
        return index_.size();
    }

    // Drops every entry.
    void clear() {
        std::lock_guard lock(mutex_);
        index_.clear();
        for (auto& entry : order_)
            secure_wipe(entry.first);
        order_.clear();
    }

  private:
    struct KeyHash {
        // Keys are uniformly distributed (scalars, seeds, digests): their first bytes will do.
        std::size_t operator()(const CacheKey& k) const noexcept {
            std::size_t h = 0;
            std::memcpy(&h, k.data(), sizeof h);
            return h;
        }
    };
    using Entry = std::pair<CacheKey, std::shared_ptr<const V>>;

    std::mutex mutex_;
    std::size_t capacity_;
    std::list<Entry> order_;  // most recently used first
    std::unordered_map<CacheKey, typename std::list<Entry>::iterator, KeyHash> index_;
};

// The 32 bytes of `bytes` as a cache key (bytes.size() must be 32).
inline CacheKey cache_key(ByteView bytes) {
    CacheKey k{};
    std::memcpy(k.data(), bytes.data(), k.size());
    return k;
}

}  // namespace nk3::crypto
