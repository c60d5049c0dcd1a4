// ProgressPrinter: a terminal bar or plain progress lines.

#include "harness/engine/progress_printer.hpp"

#include <unistd.h>

#include <string>

namespace nk3::engine {

namespace {

double seconds(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

}  // namespace

ProgressPrinter::ProgressPrinter(std::FILE* out) : out_(out), tty_(isatty(fileno(out)) != 0) {}

void ProgressPrinter::update(const CampaignProgress& p) {
    const double s = seconds(p.elapsed);
    const double rate = s > 0 ? static_cast<double>(p.done) / s : 0.0;
    const double frac = p.total ? static_cast<double>(p.done) / static_cast<double>(p.total) : 1.0;
    if (tty_) {
        constexpr int kWidth = 30;
        const int filled = static_cast<int>(frac * kWidth);
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(kWidth, '.');
        std::fprintf(out_, "\r[%s] %llu/%llu %3.0f%%  %.0f trials/s  %llu failed ", bar.c_str(),
                     static_cast<unsigned long long>(p.done),
                     static_cast<unsigned long long>(p.total), frac * 100, rate,
                     static_cast<unsigned long long>(p.failed));
        std::fflush(out_);
        return;
    }
    const int decile = static_cast<int>(frac * 10);
    if (decile == last_decile_ && p.elapsed - last_line_ < std::chrono::seconds(10)) return;
    last_decile_ = decile;
    last_line_ = p.elapsed;
    std::fprintf(out_, "progress: %llu/%llu trials (%.0f%%), %llu failed, %.0f trials/s\n",
                 static_cast<unsigned long long>(p.done), static_cast<unsigned long long>(p.total),
                 frac * 100, static_cast<unsigned long long>(p.failed), rate);
    std::fflush(out_);
}

void ProgressPrinter::finish(const CampaignProgress& p) {
    if (!tty_) {
        if (last_decile_ != 10) {
            last_decile_ = -2;  // force the final line
            update(p);
        }
        return;
    }
    update(p);
    std::fputc('\n', out_);
    std::fflush(out_);
}

}  // namespace nk3::engine
