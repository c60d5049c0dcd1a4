// HidrawIo: libfido2's read/write/open/close callbacks on a hidraw node (the path libfido2
// passes to open finds the instance through IoRegistry).
#include "rig/link/hidraw_io.hpp"

#include <fcntl.h>
#include <linux/hidraw.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "ctaphid/packet.hpp"
#include "rig/link/io_registry.hpp"
#include "rig/link/wire_events.hpp"

namespace nk3::rig {

namespace {

constexpr std::size_t kOutputReportSize = ctaphid::kReportSize + 1;  // report id 0, packet

using Registry = IoRegistry<HidrawIo>;

std::string errno_text(const char* what, const std::string& node) {
    return std::string(what) + " " + node + ": " + std::strerror(errno);
}

}  // namespace

bool is_fido_report_descriptor(std::span<const std::uint8_t> d) {
    // Walk the short items (prefix: size in bits 0-1, 3 meaning 4 bytes); a long item (0xFE)
    // carries its size in the next byte. The FIDO usage page is a 2-byte Usage Page item.
    for (std::size_t i = 0; i < d.size();) {
        const std::uint8_t prefix = d[i];
        if (prefix == 0xFE) {
            if (i + 1 >= d.size()) return false;
            i += 3 + d[i + 1];
            continue;
        }
        const std::size_t size = (prefix & 0x03) == 3 ? 4 : (prefix & 0x03);
        if (i + 1 + size > d.size()) return false;
        if (prefix == 0x06 && d[i + 1] == 0xD0 && d[i + 2] == 0xF1) return true;
        i += 1 + size;
    }
    return false;
}

int open_hidraw_node(const std::string& node, std::string& why) {
    const int fd = ::open(node.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        why = errno_text("cannot open", node);
        return -1;
    }
    auto fail = [&](std::string text) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        why = std::move(text);
        return -1;
    };
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
        return fail(errno == EWOULDBLOCK ? node + " is in use by another process (flock)"
                                         : errno_text("cannot lock", node));
    int size = 0;
    hidraw_report_descriptor descriptor{};
    if (::ioctl(fd, HIDIOCGRDESCSIZE, &size) != 0 || size < 0 ||
        size > static_cast<int>(sizeof descriptor.value))
        return fail(errno_text("not a hidraw node (no report descriptor):", node));
    descriptor.size = static_cast<std::uint32_t>(size);
    if (::ioctl(fd, HIDIOCGRDESC, &descriptor) != 0)
        return fail(errno_text("cannot read the report descriptor of", node));
    if (!is_fido_report_descriptor({descriptor.value, descriptor.size})) {
        errno = ENODEV;
        return fail(node + " is not a FIDO device (no FIDO usage page in its report descriptor)");
    }
    why.clear();
    return fd;
}

HidrawIo::HidrawIo(std::string node, NodeOpener opener)
    : node_(std::move(node)), opener_(std::move(opener)), path_(Registry::add("nk3-hidraw", this)) {
    if (!opener_) opener_ = &open_hidraw_node;
}

HidrawIo::~HidrawIo() {
    Registry::remove(path_);
    close();
}

const fido_dev_io_t& HidrawIo::io_functions() {
    static const fido_dev_io_t io{&HidrawIo::c_open, &HidrawIo::c_close, &HidrawIo::c_read,
                                  &HidrawIo::c_write};
    return io;
}

std::exception_ptr HidrawIo::take_error() {
    return std::exchange(error_, nullptr);
}

void* HidrawIo::c_open(const char* path) {
    HidrawIo* io = Registry::lookup(path);
    if (io == nullptr || io->fd_ >= 0) return nullptr;
    io->fd_ = io->opener_(io->node_, io->open_error_);
    return io->fd_ >= 0 ? io : nullptr;
}

void HidrawIo::c_close(void* handle) {
    if (handle != nullptr) static_cast<HidrawIo*>(handle)->close();
}

void HidrawIo::close() {
    if (fd_ >= 0) ::close(fd_);  // also releases the flock
    fd_ = -1;
}

int HidrawIo::c_read(void* handle, unsigned char* buf, std::size_t len, int ms) {
    if (handle == nullptr || buf == nullptr) return -1;
    return static_cast<HidrawIo*>(handle)->read(buf, len, ms);
}

int HidrawIo::c_write(void* handle, const unsigned char* buf, std::size_t len) {
    if (handle == nullptr || buf == nullptr) return -1;
    return static_cast<HidrawIo*>(handle)->write(buf, len);
}

bool HidrawIo::notify(std::optional<LinkEvent> event) {
    if (!observer_ || !event) return true;
    try {
        observer_(*event);
        return true;
    } catch (...) {
        if (!error_) error_ = std::current_exception();
        return false;
    }
}

int HidrawIo::read(unsigned char* buf, std::size_t len, int ms) {
    if (fd_ < 0 || len < ctaphid::kReportSize) return -1;
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(ms < 0 ? 0 : ms);
    for (;;) {
        int wait = -1;  // ms < 0: no timeout
        if (ms >= 0) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            wait = left.count() > 0 ? static_cast<int>(left.count()) : 0;
        }
        pollfd p{fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, wait);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0 || (p.revents & POLLIN) == 0) return -1;  // timeout, error, hang-up
        ctaphid::Report report{};
        const ssize_t n = ::read(fd_, report.data(), report.size());
        if (n < 0 && errno == EINTR) continue;
        if (n != static_cast<ssize_t>(report.size())) return -1;
        std::memcpy(buf, report.data(), report.size());
        if (!notify(event_of_read(report))) return -1;
        return static_cast<int>(report.size());
    }
}

int HidrawIo::write(const unsigned char* buf, std::size_t len) {
    if (fd_ < 0 || len != kOutputReportSize || buf[0] != 0) return -1;
    ctaphid::Report report;
    std::memcpy(report.data(), buf + 1, ctaphid::kReportSize);
    if (!notify(event_of_written(report))) return -1;
    for (;;) {
        const ssize_t n = ::write(fd_, buf, len);
        if (n < 0 && errno == EINTR) continue;
        return n == static_cast<ssize_t>(len) ? static_cast<int>(len) : -1;
    }
}

}  // namespace nk3::rig
