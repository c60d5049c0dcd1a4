#pragma once
// The tables of DIR/results.sqlite (documented in docs/results.md) and their version. A store
// written by a newer or older schema is refused rather than misread.

#include "harness/results/sqlite_database.hpp"

namespace nk3::results {

inline constexpr int kSchemaVersion = 1;

// Creates every table, index and view and records the schema version (inside the caller's
// transaction).
void create_schema(sqlite::Database& db);

// The version in the `meta` table; 0 when the database has no nk3rig tables.
int read_schema_version(sqlite::Database& db);

}  // namespace nk3::results
