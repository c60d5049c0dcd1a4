#pragma once
// A failed SQLite call, as thrown by the small RAII wrappers (sqlite_database.hpp,
// sqlite_statement.hpp): a StoreError of kind `database` that keeps SQLite's result code, so the
// store can tell a primary-key conflict from an I/O error.

#include <string>

#include "harness/results/store_error.hpp"

struct sqlite3;

namespace nk3::results::sqlite {

class SqliteError : public StoreError {
  public:
    SqliteError(int code, const std::string& message)
        : StoreError(Kind::database, message), code_(code) {}

    int code() const { return code_; }  // extended result code
    int primary_code() const { return code_ & 0xff; }

  private:
    int code_;
};

// Throws SqliteError for `code` with "WHAT: sqlite message (code)"; `db` may be null.
[[noreturn]] void throw_error(sqlite3* db, int code, const std::string& what);

}  // namespace nk3::results::sqlite
