// Merging shards of one run. Copies go through ATTACH and INSERT ... SELECT, so a million-trial
// shard is copied without passing through C++ objects.

#include "harness/results/shard_merge.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <type_traits>

#include "harness/results/sqlite_statement.hpp"
#include "harness/results/sqlite_transaction.hpp"
#include "harness/results/store_error.hpp"

namespace nk3::results {

namespace {

constexpr const char* kResultsFile = "results.sqlite";

StoreError mismatch(const std::string& message) {
    return StoreError(StoreError::Kind::mismatch, "cannot merge shards: " + message);
}

template <typename T>
void same(const Shard& first, const Shard& other, const char* field, const T& a, const T& b) {
    if (a == b) return;
    std::string text_a;
    std::string text_b;
    if constexpr (std::is_convertible_v<T, std::string>) {
        text_a = "'" + std::string(a) + "'";
        text_b = "'" + std::string(b) + "'";
    } else {
        text_a = std::to_string(a);
        text_b = std::to_string(b);
    }
    throw mismatch(other.dir.string() + " is not a shard of the same run as " + first.dir.string() +
                   ": " + field + " " + text_b + " differs from " + text_a);
}

// The shard among shards[0..before) whose trials include `plan_index`.
std::string holder_of(const std::vector<Shard>& shards, std::size_t before,
                      std::int64_t plan_index) {
    for (std::size_t i = 0; i < before; ++i) {
        sqlite::Database db(shards[i].dir / kResultsFile, sqlite::Database::Mode::read_write);
        sqlite::Statement find(db, "SELECT 1 FROM trials WHERE plan_index = ?1");
        if (find.bind(1, plan_index).step()) return shards[i].dir.string();
    }
    return "an earlier shard";
}

}  // namespace

void check_shards_belong_together(const std::vector<Shard>& shards) {
    if (shards.empty()) throw mismatch("no shard directories given");
    const Shard& first = shards.front();
    std::set<std::uint32_t> indexes;
    for (const Shard& shard : shards) {
        const RunInfo& a = first.info;
        const RunInfo& b = shard.info;
        same(first, shard, "scenario", a.scenario, b.scenario);
        same(first, shard, "scenario sha256", a.scenario_sha256, b.scenario_sha256);
        same(first, shard, "target", a.target, b.target);
        same(first, shard, "seed", a.seed, b.seed);
        same(first, shard, "plan", a.plan, b.plan);
        same(first, shard, "plan size", a.plan_size, b.plan_size);
        same(first, shard, "shard count", a.shard_count, b.shard_count);
        if (b.shard_index >= b.shard_count) {
            throw mismatch(shard.dir.string() + ": shard index " + std::to_string(b.shard_index) +
                           " is outside its shard count " + std::to_string(b.shard_count));
        }
        if (!indexes.insert(b.shard_index).second) {
            throw mismatch(shard.dir.string() + " is shard " + std::to_string(b.shard_index + 1) +
                           "/" + std::to_string(b.shard_count) +
                           " again (given twice, or the same shard run twice)");
        }
    }
}

RunInfo merged_run_info(const std::vector<Shard>& shards) {
    RunInfo merged = shards.front().info;
    merged.shard_index = 0;
    merged.shard_count = 1;
    std::vector<std::string> hosts;
    bool all_complete = true;
    for (const Shard& shard : shards) {
        const RunInfo& info = shard.info;
        if (!info.started.empty() && (merged.started.empty() || info.started < merged.started)) {
            merged.started = info.started;
        }
        merged.finished = std::max(merged.finished, info.finished);
        if (std::find(hosts.begin(), hosts.end(), info.host) == hosts.end()) {
            hosts.push_back(info.host);
        }
        all_complete = all_complete && info.status == RunStatus::complete;
    }
    merged.host.clear();
    for (const std::string& host : hosts) {
        if (!merged.host.empty()) merged.host += ", ";
        merged.host += host;
    }
    const bool every_shard = shards.size() == shards.front().info.shard_count;
    merged.status = all_complete && every_shard ? RunStatus::complete : RunStatus::interrupted;
    if (merged.status != RunStatus::complete) merged.finished.clear();
    return merged;
}

void copy_shard_trials(sqlite::Database& out, const std::vector<Shard>& shards, std::size_t which) {
    const Shard& shard = shards.at(which);
    sqlite::Statement attach(out, "ATTACH DATABASE ?1 AS shard");
    attach.bind(1, (shard.dir / kResultsFile).string()).run();
    try {
        sqlite::Statement overlap(out, R"sql(
SELECT plan_index FROM shard.trials WHERE plan_index IN (SELECT plan_index FROM main.trials)
ORDER BY plan_index LIMIT 1
)sql");
        if (overlap.step()) {
            const std::int64_t index = overlap.integer(0);
            throw mismatch("plan index " + std::to_string(index) + " of " + shard.dir.string() +
                           " is also in " + holder_of(shards, which, index) +
                           " (shards must be disjoint)");
        }
        sqlite::Transaction transaction(out);
        out.exec("INSERT INTO main.trials SELECT * FROM shard.trials");
        out.exec("INSERT INTO main.checks SELECT * FROM shard.checks");
        transaction.commit();
    } catch (...) {
        out.exec("DETACH DATABASE shard");
        throw;
    }
    out.exec("DETACH DATABASE shard");
}

}  // namespace nk3::results
