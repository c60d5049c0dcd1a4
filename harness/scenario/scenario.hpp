#pragma once
// A campaign scenario (scenarios/*.yaml, schema in docs/scenarios.md): the key's setup, the
// operation under test, the fault plan, the checks and the default target. Parsed strictly by
// parse_scenario() (scenario_parser.hpp); this is the checked model the engine runs.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/sim_time.hpp"
#include "flash/flash_op.hpp"

namespace nk3::scenario {

enum class Alg : unsigned char { es256, eddsa };

// --- steps: what the host does ------------------------------------------------------------------

struct Reset {};  // authenticatorReset (the engine power-cycles first so it is within 10 s)
struct SetPin {
    std::string pin;
};
struct ChangePin {
    std::string new_pin;  // from the current PIN
};
// clientPIN getPinUvAuthToken with a PIN: `pin` may be wrong on purpose (pin-tearing).
struct PinAttempt {
    std::string pin;
    bool wrong = false;  // set by the parser: not the PIN the earlier steps set
};
struct MakeCredential {
    std::string as;  // the name later steps and checks use for this credential
    std::string rp;
    std::string user = "user";
    Alg alg = Alg::es256;
    bool resident = false;
    int cred_protect = 0;  // 0: not asked
    // Set by the parser: a resident credential of the same rp and user that an earlier step
    // made and this one replaces (the key deletes the old one first).
    std::optional<std::string> replaces;
};
struct GetAssertion {
    std::optional<std::string> credential;  // by name (allow list); nullopt: discoverable for rp
    std::string rp;                         // the credential's rp when by name
    bool up = true;
};
struct DeleteCredential {
    std::string credential;
};
// power_cycle and plug_in: power off, wait off_time, power on, and the host opens the key again
// (CTAPHID INIT, then getInfo, as libfido2's fido_dev_open does): the key boots and answers its
// first request of the power-up. plug_in names the same thing as a user does it; in the
// operation under test it puts the boot and the first request of a power-up under the fault plan.
struct PowerCycle {
    SimTime off_time = std::chrono::milliseconds(50);
    bool plug_in = false;  // spelled plug_in in the scenario
};
struct Wait {
    SimTime time{0};
};

struct Repeat;
using Step = std::variant<Reset, SetPin, ChangePin, PinAttempt, MakeCredential, GetAssertion,
                          DeleteCredential, PowerCycle, Wait, Repeat>;

struct Repeat {
    std::uint32_t count = 1;
    std::vector<Step> steps;
};

// Where a step came from, for error messages at run time ("scenario.yaml:14: get_assertion").
struct StepSource {
    int line = 0;
    std::string what;
};

// The steps with repeats unrolled, each with its source.
struct FlatStep {
    Step step;  // never a Repeat
    StepSource source;
};

// --- fault plans
// ----------------------------------------------------------------------------------

enum class PlanKind : unsigned char { flash_sweep, nested, time_sweep, random };
enum class Anchor : unsigned char { request_sent, first_keepalive };

struct FaultPlan {
    PlanKind kind = PlanKind::flash_sweep;
    std::vector<flash::CutMode> modes{flash::CutMode::before, flash::CutMode::torn,
                                      flash::CutMode::after};
    SimTime power_off = std::chrono::milliseconds(50);
    // nested: at most this many second cuts per first cut (0: every operation of the boot).
    std::uint32_t nested_bound = 0;
    // time-sweep: offsets from the anchor of each request of the operation.
    Anchor anchor = Anchor::request_sent;
    std::int64_t from_us = 0;
    std::int64_t to_us = 0;
    std::int64_t step_us = 0;
    // random: `count` cuts uniformly in [from_us, to_us] after the operation starts, from `seed`.
    std::uint32_t count = 0;
    std::uint64_t seed = 1;
};

// --- the scenario
// ---------------------------------------------------------------------------------

struct Scenario {
    std::string name;
    std::string about;
    std::string source;  // the file it came from
    std::string target;  // default target, "sim:nk3am-1.2.2"
    std::vector<FlatStep> setup;
    std::vector<FlatStep> operation;  // runs while power may drop
    FaultPlan fault;
    std::vector<std::string> checks;  // names, validated against the known checks
};

}  // namespace nk3::scenario
