#pragma once
// Progress of a campaign on stderr: a bar redrawn in place on a terminal (isatty), plain lines
// otherwise (every 10 % or 10 s), so logs of CI runs stay readable.

#include <chrono>
#include <cstdio>

#include "harness/engine/campaign.hpp"

namespace nk3::engine {

class ProgressPrinter {
  public:
    explicit ProgressPrinter(std::FILE* out);
    void update(const CampaignProgress& p);
    void finish(const CampaignProgress& p);  // the last state, then a newline on a terminal

  private:
    std::FILE* out_;
    bool tty_;
    int last_decile_ = -1;
    std::chrono::steady_clock::duration last_line_{};
};

}  // namespace nk3::engine
