#pragma once
// An open SQLite database connection (RAII over sqlite3*): closed when the object goes away.
// Not thread-safe by itself (opened without SQLite's own mutex); the result store serialises
// every use behind its mutex.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;

namespace nk3::results::sqlite {

class Database {
  public:
    enum class Mode : unsigned char { read_write, read_write_create };

    // Throws SqliteError when the file cannot be opened.
    Database(const std::filesystem::path& file, Mode mode);

    // Runs one or more statements that return no rows; throws SqliteError on failure.
    void exec(std::string_view sql);
    // The single value of a one-row, one-column query as text ("" for NULL).
    std::string query_text(std::string_view sql);

    sqlite3* handle() const { return db_.get(); }
    const std::filesystem::path& file() const { return file_; }

  private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    std::filesystem::path file_;
    std::unique_ptr<sqlite3, Closer> db_;
};

}  // namespace nk3::results::sqlite
