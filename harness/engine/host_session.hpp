#pragma once
// The host side of a trial: runs scenario steps through the rig::Link and keeps the History
// of what the key acknowledged (harness/checks/history.hpp). Each step ends acknowledged (the
// key answered OK), refused (it answered an error) or in flight (no answer because the power
// went: `power_lost` says so); the History records creations, deletions, PIN changes, wrong-PIN
// attempts, resets and counters accordingly. PINs go to the link and the History, never to logs.

#include <functional>
#include <string>

#include "harness/checks/history.hpp"
#include "harness/engine/host_power.hpp"
#include "harness/scenario/scenario.hpp"
#include "rig/link.hpp"

namespace nk3::engine {

struct StepResult {
    checks::Fate fate = checks::Fate::none;  // none: not run (it names an unknown credential)
    rig::LinkStatus status;
    std::string what;  // one line for traces: "get_assertion ssh: FIDO_OK" (no PINs)
};

class HostSession {
  public:
    HostSession(rig::Link& link, HostPower& power, checks::History& history,
                std::function<bool()> power_lost);

    StepResult run(const scenario::Step& step);

    // The History this session writes to (may be replaced between trials).
    void set_history(checks::History& history) { history_ = &history; }

  private:
    checks::Fate fate_of(const rig::LinkStatus& status) const;
    std::optional<std::string> pin() const;
    // After a step that verified the right PIN (history.hpp: retries_before, pin_use_in_flight).
    void pin_used(checks::Fate fate);
    // The key's retries now, as retries_before; wrong attempts counted from here.
    void reread_retries();

    rig::Link& link_;
    HostPower& power_;
    checks::History* history_;
    std::function<bool()> power_lost_;
};

}  // namespace nk3::engine
