#pragma once
// A prepared SQLite statement (RAII over sqlite3_stmt*): bind parameters by 1-based position,
// step through rows, read columns by 0-based position. Reusable: reset() clears the bindings'
// effect so a cached INSERT can run once per trial without being prepared again.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace nk3::results::sqlite {

class Database;

class Statement {
  public:
    // Throws SqliteError when `sql` does not compile.
    Statement(Database& db, std::string_view sql);

    Statement& bind(int position, std::int64_t value);
    Statement& bind(int position, std::string_view value);
    Statement& bind(int position, const std::optional<std::int64_t>& value);  // NULL when empty
    Statement& bind_null(int position);

    // True when a row is ready to read, false when the statement is done. Throws SqliteError.
    bool step();
    // Steps once and expects no row (INSERT, UPDATE, ...).
    void run();
    // Ready to step again from the start; bindings are cleared.
    void reset();

    std::int64_t integer(int column) const;
    std::string text(int column) const;  // "" for NULL
    std::optional<std::int64_t> optional_integer(int column) const;
    bool is_null(int column) const;

  private:
    struct Finalizer {
        void operator()(sqlite3_stmt* statement) const;
    };
    Database* db_;
    std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
};

}  // namespace nk3::results::sqlite
