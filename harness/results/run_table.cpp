// Reading and writing the `run` row. The seed is stored as decimal text: SQLite integers are
// signed 64-bit and a seed may use all 64 bits.

#include "harness/results/run_table.hpp"

#include <charconv>
#include <cstdint>

#include "harness/results/sql_integer.hpp"
#include "harness/results/sqlite_statement.hpp"
#include "harness/results/store_error.hpp"

namespace nk3::results {

void insert_run_info(sqlite::Database& db, const RunInfo& info) {
    sqlite::Statement insert(db, R"sql(
INSERT INTO run (id, scenario, scenario_file, scenario_sha256, target, profile, firmware, seed,
                 plan, plan_size, shard_index, shard_count, rig_version, host, started, finished,
                 status)
VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
)sql");
    insert.bind(1, info.scenario)
        .bind(2, info.scenario_file)
        .bind(3, info.scenario_sha256)
        .bind(4, info.target)
        .bind(5, info.profile)
        .bind(6, info.firmware)
        .bind(7, std::to_string(info.seed))
        .bind(8, info.plan)
        .bind(9, to_sql_integer(info.plan_size, "plan size"))
        .bind(10, std::int64_t{info.shard_index})
        .bind(11, std::int64_t{info.shard_count})
        .bind(12, info.rig_version)
        .bind(13, info.host)
        .bind(14, info.started)
        .bind(15, info.finished)
        .bind(16, to_string(info.status))
        .run();
}

RunInfo read_run_info(sqlite::Database& db) {
    sqlite::Statement select(db, R"sql(
SELECT scenario, scenario_file, scenario_sha256, target, profile, firmware, seed, plan, plan_size,
       shard_index, shard_count, rig_version, host, started, finished, status
FROM run WHERE id = 1
)sql");
    const auto bad = [&db](const std::string& why) {
        return StoreError(StoreError::Kind::not_a_run, db.file().string() + ": " + why);
    };
    if (!select.step()) throw bad("the run table is empty");
    RunInfo info;
    info.scenario = select.text(0);
    info.scenario_file = select.text(1);
    info.scenario_sha256 = select.text(2);
    info.target = select.text(3);
    info.profile = select.text(4);
    info.firmware = select.text(5);
    const std::string seed = select.text(6);
    const auto [end, error] = std::from_chars(seed.data(), seed.data() + seed.size(), info.seed);
    if (error != std::errc{} || end != seed.data() + seed.size()) {
        throw bad("bad seed '" + seed + "'");
    }
    info.plan = select.text(7);
    info.plan_size = static_cast<std::uint64_t>(select.integer(8));
    info.shard_index = static_cast<std::uint32_t>(select.integer(9));
    info.shard_count = static_cast<std::uint32_t>(select.integer(10));
    info.rig_version = select.text(11);
    info.host = select.text(12);
    info.started = select.text(13);
    info.finished = select.text(14);
    const auto status = parse_run_status(select.text(15));
    if (!status) throw bad("bad status '" + select.text(15) + "'");
    info.status = *status;
    return info;
}

void update_run_status(sqlite::Database& db, RunStatus status, const std::string& finished) {
    sqlite::Statement update(db, "UPDATE run SET status = ?1, finished = ?2 WHERE id = 1");
    update.bind(1, to_string(status)).bind(2, finished).run();
}

}  // namespace nk3::results
