#pragma once
// The path → instance map behind a custom fido_dev_io_t: libfido2's open callback gets only the
// path given to fido_dev_open, so each I/O object (SimHidIo, HidrawIo) registers under a unique
// path ("nk3-sim:4", "nk3-hidraw:2") for its lifetime and open looks it up. Thread-safe: the
// campaign's workers open devices concurrently.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace nk3::rig {

template <typename Io>
class IoRegistry {
  public:
    // A new unique path "<prefix>:<n>" registered for `io`.
    static std::string add(const char* prefix, Io* io) {
        static std::atomic<std::uint64_t> counter{0};
        std::string path = std::string(prefix) + ":" + std::to_string(++counter);
        std::lock_guard lock(mutex());
        by_path().emplace(path, io);
        return path;
    }
    static void remove(const std::string& path) {
        std::lock_guard lock(mutex());
        by_path().erase(path);
    }
    // The instance registered under `path`, or nullptr.
    static Io* lookup(const char* path) {
        if (path == nullptr) return nullptr;
        std::lock_guard lock(mutex());
        const auto it = by_path().find(path);
        return it == by_path().end() ? nullptr : it->second;
    }

  private:
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    static std::map<std::string, Io*>& by_path() {
        static std::map<std::string, Io*> m;
        return m;
    }
};

}  // namespace nk3::rig
