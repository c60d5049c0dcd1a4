// The SQLite connection wrapper and the error helper every wrapper uses.

#include "harness/results/sqlite_database.hpp"

#include <sqlite3.h>

#include <string>

#include "harness/results/sqlite_error.hpp"
#include "harness/results/sqlite_statement.hpp"

namespace nk3::results::sqlite {

void throw_error(sqlite3* db, int code, const std::string& what) {
    std::string message = what + ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    message += " (SQLite code " + std::to_string(code) + ")";
    throw SqliteError(code, message);
}

void Database::Closer::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}

Database::Database(const std::filesystem::path& file, Mode mode) : file_(file) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == Mode::read_write_create) flags |= SQLITE_OPEN_CREATE;
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
    db_.reset(raw);  // sqlite3_open_v2 may hand out a handle even when it fails
    if (rc != SQLITE_OK) throw_error(raw, rc, "cannot open " + file.string());
    sqlite3_extended_result_codes(raw, 1);
}

void Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* error = nullptr;
    const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        sqlite3_free(error);
        throw_error(db_.get(), sqlite3_extended_errcode(db_.get()),
                    file_.string() + ": " + text.substr(0, text.find('\n')));
    }
}

std::string Database::query_text(std::string_view sql) {
    Statement statement(*this, sql);
    if (!statement.step()) return {};
    return statement.text(0);
}

}  // namespace nk3::results::sqlite
