// The transaction guard.

#include "harness/results/sqlite_transaction.hpp"

#include <sqlite3.h>

#include "harness/results/sqlite_database.hpp"

namespace nk3::results::sqlite {

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    // Never throws: a failed ROLLBACK leaves SQLite to roll back when the connection closes.
    if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

}  // namespace nk3::results::sqlite
