// check_read_back: the invariants TrialRunner and ResultStore::create establish, checked on
// every row read.

#include "harness/results/read_back_check.hpp"

#include <cstdint>
#include <set>
#include <string>

#include "harness/results/store_error.hpp"

namespace nk3::results {

namespace {

[[noreturn]] void corrupt(const std::filesystem::path& file, const std::string& where,
                          const std::string& why) {
    throw StoreError(StoreError::Kind::corrupt,
                     file.string() + ": " + where + ": " + why +
                         " (the file was changed outside nk3rig or is damaged)");
}

bool single_line(const std::string& text) {
    return text.find_first_of("\r\n") == std::string::npos;
}

}  // namespace

void check_read_back(const RunInfo& info, const std::filesystem::path& file) {
    constexpr std::uint64_t kMaxPlan = std::uint64_t{1} << 63;
    if (info.plan_size == 0 || info.plan_size >= kMaxPlan)
        corrupt(file, "run", "plan_size " + std::to_string(info.plan_size) + " is out of range");
    if (info.shard_count == 0 || info.shard_index >= info.shard_count)
        corrupt(file, "run",
                "shard " + std::to_string(info.shard_index) + " of " +
                    std::to_string(info.shard_count) + " is impossible");
}

void check_read_back(const RunInfo& info, const TrialRecord& t, const std::filesystem::path& file) {
    const std::string where = "trial " + std::to_string(t.plan_index);
    if (t.plan_index >= info.plan_size)
        corrupt(file, where,
                "plan_index is not below the plan size " + std::to_string(info.plan_size));
    if (info.shard_count > 1 && t.plan_index % info.shard_count != info.shard_index)
        corrupt(file, where,
                "plan_index does not belong to shard " + std::to_string(info.shard_index + 1) +
                    "/" + std::to_string(info.shard_count));
    static const std::set<std::string> kPlans{"flash-sweep", "nested", "time-sweep", "random"};
    if (!kPlans.count(t.plan)) corrupt(file, where, "unknown plan \"" + t.plan + "\"");
    static const std::set<std::string> kModes{"before", "torn", "after", "time", ""};
    if (!kModes.count(t.cut_mode)) corrupt(file, where, "unknown cut_mode \"" + t.cut_mode + "\"");
    if (t.op_kind != "program" && t.op_kind != "erase" && !t.op_kind.empty())
        corrupt(file, where, "unknown op_kind \"" + t.op_kind + "\"");
    if (t.verdict != "pass" && t.verdict != "fail")
        corrupt(file, where, "verdict \"" + t.verdict + "\" is neither pass nor fail");
    bool any_failed = false;
    std::set<std::string> names;
    for (const auto& c : t.checks) {
        if (c.check.empty() || !single_line(c.check) || !names.insert(c.check).second)
            corrupt(file, where, "check name \"" + c.check + "\" is empty, repeated or not a line");
        if (c.passed && !c.reason.empty())
            corrupt(file, where, "check " + c.check + " passed but has a failure reason");
        any_failed = any_failed || !c.passed;
    }
    if ((t.verdict == "fail") != any_failed)
        corrupt(file, where,
                "verdict " + t.verdict + " disagrees with its checks (" +
                    (any_failed ? "one failed" : "all passed") + ")");
    if (t.verdict == "fail" && t.reason.empty())
        corrupt(file, where, "a failed trial without a reason");
    if (t.sim_time_ns < 0 || t.recovery_ns < 0 || t.duration_us < 0)
        corrupt(file, where, "a negative time");
}

}  // namespace nk3::results
