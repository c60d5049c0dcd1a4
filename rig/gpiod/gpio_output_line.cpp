// libgpiod 1.6 C API: open a chip by path, name, label or number; request one line as output.
#include "rig/gpiod/gpio_output_line.hpp"

#include <gpiod.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

#include "rig/rig_error.hpp"

namespace nk3::rig {

namespace {

std::vector<std::string> chips_on_host() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/dev", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("gpiochip", 0) == 0) out.push_back(entry.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Opens the chip, remembering the errno of the most telling attempt.
gpiod_chip* open_chip(const std::string& chip, int& error) {
    gpiod_chip* c = nullptr;
    error = ENOENT;
    auto attempt = [&](gpiod_chip* result) {
        if (result == nullptr && errno != ENOENT && errno != 0) error = errno;
        return result;
    };
    if (!chip.empty() && chip[0] == '/') return attempt(gpiod_chip_open(chip.c_str()));
    if (all_digits(chip))
        return attempt(gpiod_chip_open_by_number(static_cast<unsigned>(std::stoul(chip))));
    if ((c = attempt(gpiod_chip_open_by_name(chip.c_str()))) != nullptr) return c;
    return attempt(gpiod_chip_open_by_label(chip.c_str()));
}

[[noreturn]] void chip_error(const std::string& chip, int error) {
    const std::vector<std::string> chips = chips_on_host();
    if (error == EACCES || error == EPERM)
        throw RigError("GPIO chip \"" + chip + "\": no permission to open it (" +
                       std::strerror(error) + "); " + kGpioPermissionHint);
    if (chips.empty())
        throw RigError("GPIO chip \"" + chip +
                       "\" not found: this host has no /dev/gpiochip* at all (no GPIO controller, "
                       "or a kernel without the GPIO character device); is the bench computer "
                       "the one with the GPIO header?");
    std::string list;
    for (const auto& c : chips)
        list += (list.empty() ? "" : ", ") + c;
    throw RigError("GPIO chip \"" + chip + "\" not found (" + std::strerror(error) +
                   "); chips on this host: " + list +
                   " (`gpiodetect` lists their names and labels)");
}

}  // namespace

GpioOutputLine::GpioOutputLine(const GpioLineSpec& spec, const std::string& consumer,
                               bool initially_active)
    : spec_(spec) {
    int error = 0;
    chip_ = open_chip(spec.chip, error);
    if (chip_ == nullptr) chip_error(spec.chip, error);
    chip_name_ = gpiod_chip_name(chip_);
    const unsigned int lines = gpiod_chip_num_lines(chip_);
    if (spec.line >= lines) {
        const std::string msg = "GPIO chip \"" + spec.chip + "\" (" + chip_name_ + ") has " +
                                std::to_string(lines) + " lines (0.." + std::to_string(lines - 1) +
                                "); line " + std::to_string(spec.line) + " does not exist";
        gpiod_chip_close(chip_);
        throw RigError(msg);
    }
    line_ = gpiod_chip_get_line(chip_, spec.line);
    const int flags = spec.active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
    if (line_ == nullptr || gpiod_line_request_output_flags(line_, consumer.c_str(), flags,
                                                            initially_active ? 1 : 0) != 0) {
        const int err = errno;
        std::string msg = describe() + ": cannot request the line as output: " + std::strerror(err);
        if (err == EBUSY && line_ != nullptr) {
            gpiod_line_update(line_);
            const char* holder = gpiod_line_consumer(line_);
            msg += std::string("; it is held by ") +
                   (holder != nullptr ? "\"" + std::string(holder) + "\""
                                      : "another process or a kernel driver") +
                   " (`gpioinfo " + chip_name_ + "` shows who; release it or pick a free line)";
        } else if (err == EACCES || err == EPERM) {
            msg += std::string("; ") + kGpioPermissionHint;
        }
        gpiod_chip_close(chip_);
        throw RigError(msg);
    }
}

GpioOutputLine::~GpioOutputLine() {
    if (line_ != nullptr) gpiod_line_release(line_);
    if (chip_ != nullptr) gpiod_chip_close(chip_);
}

void GpioOutputLine::set_active(bool active) {
    if (gpiod_line_set_value(line_, active ? 1 : 0) != 0)
        throw RigError(describe() + ": cannot set the line " + (active ? "active" : "inactive") +
                       ": " + std::strerror(errno));
}

std::string GpioOutputLine::describe() const {
    std::string chip = spec_.chip;
    if (!chip_name_.empty() && chip_name_ != chip) chip += " (" + chip_name_ + ")";
    return chip + " line " + std::to_string(spec_.line) +
           (spec_.active_low ? " (active low)" : " (active high)");
}

}  // namespace nk3::rig
