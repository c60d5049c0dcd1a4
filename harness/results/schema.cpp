// The result store's SQL schema. Column meanings are in docs/results.md; keep both in step.

#include "harness/results/schema.hpp"

#include <string>

#include "harness/results/sqlite_statement.hpp"

namespace nk3::results {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE run (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    scenario        TEXT NOT NULL,
    scenario_file   TEXT NOT NULL,
    scenario_sha256 TEXT NOT NULL,
    target          TEXT NOT NULL,
    profile         TEXT NOT NULL,
    firmware        TEXT NOT NULL,
    seed            TEXT NOT NULL,
    plan            TEXT NOT NULL,
    plan_size       INTEGER NOT NULL,
    shard_index     INTEGER NOT NULL,
    shard_count     INTEGER NOT NULL,
    rig_version     TEXT NOT NULL,
    host            TEXT NOT NULL,
    started         TEXT NOT NULL,
    finished        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted'))
);
CREATE TABLE trials (
    plan_index     INTEGER PRIMARY KEY,
    plan           TEXT NOT NULL,
    fault          TEXT NOT NULL,
    cut_mode       TEXT NOT NULL,
    flash_op       INTEGER,
    second_op      INTEGER,
    op_kind        TEXT NOT NULL,
    offset_us      INTEGER,
    sim_time_ns    INTEGER NOT NULL,
    verdict        TEXT NOT NULL,
    failing_checks TEXT NOT NULL,
    reason         TEXT NOT NULL,
    recovery_ns    INTEGER NOT NULL,
    duration_us    INTEGER NOT NULL,
    replay         TEXT NOT NULL
);
CREATE TABLE checks (
    plan_index INTEGER NOT NULL REFERENCES trials (plan_index),
    position   INTEGER NOT NULL,
    check_name TEXT NOT NULL,
    passed     INTEGER NOT NULL CHECK (passed IN (0, 1)),
    reason     TEXT NOT NULL,
    PRIMARY KEY (plan_index, position)
) WITHOUT ROWID;
CREATE VIEW check_failures AS
    SELECT c.plan_index, c.check_name, t.cut_mode, t.flash_op, t.fault, c.reason
    FROM checks AS c JOIN trials AS t USING (plan_index)
    WHERE c.passed = 0;
)sql";

}  // namespace

void create_schema(sqlite::Database& db) {
    db.exec(kSchema);
    sqlite::Statement version(db, "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)");
    version.bind(1, std::to_string(kSchemaVersion)).run();
    db.exec("INSERT INTO meta (key, value) VALUES ('application', 'nk3rig result store')");
}

int read_schema_version(sqlite::Database& db) {
    const std::string has_meta =
        db.query_text("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'");
    if (has_meta != "1") return 0;
    const std::string version =
        db.query_text("SELECT value FROM meta WHERE key = 'schema_version'");
    try {
        return std::stoi(version);
    } catch (const std::exception&) {
        return 0;
    }
}

}  // namespace nk3::results
