// The result store: one SQLite connection per open run directory, behind a mutex.

#include "harness/results/result_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <system_error>

#include "harness/results/atomic_file.hpp"
#include "harness/results/read_back_check.hpp"
#include "harness/results/run_summary.hpp"
#include "harness/results/run_table.hpp"
#include "harness/results/schema.hpp"
#include "harness/results/shard_merge.hpp"
#include "harness/results/sqlite_database.hpp"
#include "harness/results/sqlite_error.hpp"
#include "harness/results/sqlite_statement.hpp"
#include "harness/results/sqlite_transaction.hpp"
#include "harness/results/trial_table.hpp"
#include "harness/results/trials_csv.hpp"
#include "harness/results/utc_timestamp.hpp"

namespace nk3::results {

namespace fs = std::filesystem;

namespace {

constexpr const char* kResultsFile = "results.sqlite";

// Per-connection settings. journal_mode=WAL is also stored in the file by create().
void configure(sqlite::Database& db) {
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
}

// Creates `file` empty, failing when it exists (no race with another create() on the same
// directory). An empty file is a valid, empty SQLite database.
void create_exclusively(const fs::path& file, const fs::path& dir) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST) throw ResultStore::already_a_run(dir);
    if (fd < 0) {
        throw StoreError(StoreError::Kind::database,
                         "cannot create " + file.string() + ": " + std::strerror(errno));
    }
    ::close(fd);
}

void remove_database_files(const fs::path& file) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(file.string() + suffix, ignored);
}

StoreError not_a_run(const fs::path& dir, const std::string& why) {
    return StoreError(StoreError::Kind::not_a_run,
                      dir.string() + " is not an nk3rig run directory: " + why);
}

}  // namespace

struct ResultStore::Impl {
    Impl(fs::path dir_, sqlite::Database::Mode mode)
        : dir(std::move(dir_)), db(dir / kResultsFile, mode) {}

    fs::path dir;
    sqlite::Database db;
    RunInfo info;
    std::optional<TrialWriter> writer;
    mutable std::mutex mutex;
};

ResultStore::ResultStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ResultStore::ResultStore(ResultStore&&) noexcept = default;
ResultStore& ResultStore::operator=(ResultStore&&) noexcept = default;
ResultStore::~ResultStore() = default;

bool ResultStore::holds_run(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / kResultsFile, ec);
}

StoreError ResultStore::already_a_run(const fs::path& dir) {
    return StoreError(StoreError::Kind::already_a_run,
                      dir.string() + " already holds a run (" + kResultsFile +
                          "); resume it with --resume or choose another output directory");
}

ResultStore ResultStore::create(const fs::path& dir, const RunInfo& info) {
    std::error_code error;
    const bool created = fs::create_directories(dir, error);
    if (error || !fs::is_directory(dir)) {
        throw StoreError(StoreError::Kind::database,
                         "cannot create run directory " + dir.string() +
                             (error ? ": " + error.message() : ": not a directory"));
    }
    // Owner-only: the run keeps the scenario (its PIN) and flash images (PIN hash, attestation
    // key). The files inside are created 0600 (nk3rig's umask is 077). A directory that was
    // there already keeps its mode (--out /tmp must not change /tmp).
    if (created) fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, error);
    if (error)
        throw StoreError(StoreError::Kind::database, "cannot make run directory " + dir.string() +
                                                         " owner-only: " + error.message());
    const fs::path file = dir / kResultsFile;
    create_exclusively(file, dir);
    try {
        auto impl = std::make_unique<Impl>(dir, sqlite::Database::Mode::read_write);
        configure(impl->db);
        sqlite::Transaction transaction(impl->db);
        create_schema(impl->db);
        insert_run_info(impl->db, info);
        transaction.commit();
        impl->info = info;
        impl->writer.emplace(impl->db);
        return ResultStore(std::move(impl));
    } catch (...) {
        remove_database_files(file);
        throw;
    }
}

ResultStore ResultStore::open(const fs::path& dir) {
    if (!fs::is_directory(dir)) throw not_a_run(dir, "no such directory");
    const fs::path file = dir / kResultsFile;
    if (!fs::is_regular_file(file)) throw not_a_run(dir, std::string("no ") + kResultsFile);
    try {
        auto impl = std::make_unique<Impl>(dir, sqlite::Database::Mode::read_write);
        configure(impl->db);
        const int version = read_schema_version(impl->db);
        if (version == 0) {
            throw not_a_run(dir, std::string(kResultsFile) + " holds no nk3rig result store");
        }
        if (version != kSchemaVersion) {
            throw not_a_run(dir, std::string(kResultsFile) + " has schema version " +
                                     std::to_string(version) + "; this nk3rig reads version " +
                                     std::to_string(kSchemaVersion));
        }
        impl->info = read_run_info(impl->db);
        check_read_back(impl->info, file);
        impl->writer.emplace(impl->db);
        return ResultStore(std::move(impl));
    } catch (const sqlite::SqliteError& e) {
        const int code = e.primary_code();
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT || code == SQLITE_CANTOPEN) {
            throw not_a_run(dir, e.what());
        }
        throw;
    }
}

const RunInfo& ResultStore::info() const {
    return impl_->info;
}

const fs::path& ResultStore::dir() const {
    return impl_->dir;
}

std::vector<std::uint64_t> ResultStore::recorded_indexes() const {
    std::lock_guard lock(impl_->mutex);
    sqlite::Statement count(impl_->db, "SELECT count(*) FROM trials");
    count.step();
    std::vector<std::uint64_t> indexes;
    indexes.reserve(static_cast<std::size_t>(count.integer(0)));
    sqlite::Statement select(impl_->db, "SELECT plan_index FROM trials ORDER BY plan_index");
    while (select.step())
        indexes.push_back(static_cast<std::uint64_t>(select.integer(0)));
    return indexes;
}

std::uint64_t ResultStore::trial_count() const {
    std::lock_guard lock(impl_->mutex);
    sqlite::Statement count(impl_->db, "SELECT count(*) FROM trials");
    count.step();
    return static_cast<std::uint64_t>(count.integer(0));
}

void ResultStore::record(const TrialRecord& trial) {
    std::lock_guard lock(impl_->mutex);
    try {
        sqlite::Transaction transaction(impl_->db);
        impl_->writer->insert(trial);
        transaction.commit();
    } catch (const sqlite::SqliteError& e) {
        if (e.primary_code() != SQLITE_CONSTRAINT) throw;
        throw StoreError(StoreError::Kind::duplicate_trial,
                         impl_->dir.string() + ": trial " + std::to_string(trial.plan_index) +
                             " is already recorded (a run never repeats a trial)");
    }
}

void ResultStore::set_status(RunStatus status) {
    std::lock_guard lock(impl_->mutex);
    const std::string finished = status == RunStatus::running ? "" : utc_timestamp_now();
    update_run_status(impl_->db, status, finished);
    impl_->info.status = status;
    impl_->info.finished = finished;
}

void ResultStore::for_each_trial(const std::function<void(const TrialRecord&)>& visit) const {
    std::lock_guard lock(impl_->mutex);
    for_each_checked_trial(visit);
}

void ResultStore::verify() const {
    for_each_trial([](const TrialRecord&) {});
}

void ResultStore::for_each_checked_trial(
    const std::function<void(const TrialRecord&)>& visit) const {
    const fs::path file = impl_->dir / kResultsFile;
    try {
        results::for_each_trial(impl_->db, [&](const TrialRecord& trial) {
            check_read_back(impl_->info, trial, file);
            visit(trial);
        });
    } catch (const sqlite::SqliteError& e) {
        const int code = e.primary_code();
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT || code == SQLITE_MISMATCH ||
            code == SQLITE_ERROR)
            throw StoreError(StoreError::Kind::corrupt,
                             file.string() +
                                 ": cannot read the trials back (the file was "
                                 "changed outside nk3rig or is damaged): " +
                                 e.what());
        throw;
    }
}

std::vector<TrialRecord> ResultStore::trials() const {
    std::vector<TrialRecord> all;
    for_each_trial([&all](const TrialRecord& trial) { all.push_back(trial); });
    return all;
}

void ResultStore::write_csv() const {
    std::lock_guard lock(impl_->mutex);
    AtomicFile file(impl_->dir / "trials.csv");
    std::ostream& out = file.stream();
    out << trials_csv_header();
    for_each_checked_trial([&out](const TrialRecord& trial) { out << trials_csv_row(trial); });
    file.commit();
}

void ResultStore::write_summary() const {
    std::lock_guard lock(impl_->mutex);
    AtomicFile file(impl_->dir / "summary.json");
    write_summary_json(impl_->db, impl_->info, file.stream());
    file.commit();
}

ResultStore ResultStore::merge(const std::vector<fs::path>& shard_dirs, const fs::path& out_dir) {
    std::vector<Shard> shards;
    for (const fs::path& dir : shard_dirs)
        shards.push_back(Shard{dir, open(dir).info()});
    check_shards_belong_together(shards);
    const bool out_dir_existed = fs::exists(out_dir);
    ResultStore merged = create(out_dir, merged_run_info(shards));
    try {
        for (std::size_t i = 0; i < shards.size(); ++i) {
            copy_shard_trials(merged.impl_->db, shards, i);
        }
        return merged;
    } catch (...) {
        merged = ResultStore(nullptr);  // close before removing the files
        remove_database_files(out_dir / kResultsFile);
        std::error_code ignored;
        if (!out_dir_existed) fs::remove(out_dir, ignored);  // only when empty
        throw;
    }
}

}  // namespace nk3::results
