// The prepared-statement wrapper.

#include "harness/results/sqlite_statement.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "harness/results/sqlite_database.hpp"
#include "harness/results/sqlite_error.hpp"

namespace nk3::results::sqlite {

namespace {

std::string first_line(std::string_view sql) {
    return std::string(sql.substr(0, std::min(sql.find('\n'), std::size_t{120})));
}

}  // namespace

void Statement::Finalizer::operator()(sqlite3_stmt* statement) const {
    sqlite3_finalize(statement);
}

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
    sqlite3_stmt* raw = nullptr;
    const int rc =
        sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    statement_.reset(raw);
    if (rc != SQLITE_OK) {
        throw_error(db.handle(), rc, db.file().string() + ": cannot prepare " + first_line(sql));
    }
}

Statement& Statement::bind(int position, std::int64_t value) {
    const int rc = sqlite3_bind_int64(statement_.get(), position, value);
    if (rc != SQLITE_OK) throw_error(db_->handle(), rc, "bind");
    return *this;
}

Statement& Statement::bind(int position, std::string_view value) {
    const int rc = sqlite3_bind_text64(statement_.get(), position, value.data(), value.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) throw_error(db_->handle(), rc, "bind");
    return *this;
}

Statement& Statement::bind(int position, const std::optional<std::int64_t>& value) {
    return value ? bind(position, *value) : bind_null(position);
}

Statement& Statement::bind_null(int position) {
    const int rc = sqlite3_bind_null(statement_.get(), position);
    if (rc != SQLITE_OK) throw_error(db_->handle(), rc, "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(statement_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const int code = sqlite3_extended_errcode(db_->handle());
    const std::string sql = sqlite3_sql(statement_.get());
    sqlite3_reset(statement_.get());  // leave the statement reusable
    throw_error(db_->handle(), code, db_->file().string() + ": " + first_line(sql));
}

void Statement::run() {
    step();
    reset();
}

void Statement::reset() {
    sqlite3_reset(statement_.get());
    sqlite3_clear_bindings(statement_.get());
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(statement_.get(), column);
}

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(statement_.get(), column);
    if (data == nullptr) return {};
    const int size = sqlite3_column_bytes(statement_.get(), column);
    return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::optional<std::int64_t> Statement::optional_integer(int column) const {
    if (is_null(column)) return std::nullopt;
    return integer(column);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

}  // namespace nk3::results::sqlite
