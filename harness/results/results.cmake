# The run directory's result store: DIR/results.sqlite (SQLite, WAL), trials.csv, summary.json,
# and merging shards. Included from harness/CMakeLists.txt; paths are relative to harness/.
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)

nk3_library(nk3_results
  results/atomic_file.cpp
  results/csv_row.cpp
  results/read_back_check.cpp
  results/result_store.cpp
  results/run_dir_lock.cpp
  results/run_info.cpp
  results/run_summary.cpp
  results/run_table.cpp
  results/schema.cpp
  results/shard_merge.cpp
  results/sqlite_database.cpp
  results/sqlite_statement.cpp
  results/sqlite_transaction.cpp
  results/trial_record.cpp
  results/trial_table.cpp
  results/trials_csv.cpp
  results/utc_timestamp.cpp
)
target_link_libraries(nk3_results PUBLIC nlohmann_json::nlohmann_json PRIVATE PkgConfig::SQLITE3)

if(NK3RIG_BUILD_TESTS)
  nk3_test(nk3_results_tests
    SOURCES
      results/tests/crash_durability_test.cpp
      results/tests/csv_row_test.cpp
      results/tests/merge_test.cpp
      results/tests/read_back_check_test.cpp
      results/tests/record_throughput_test.cpp
      results/tests/result_store_test.cpp
      results/tests/run_dir_lock_test.cpp
      results/tests/streaming_files_test.cpp
      results/tests/summary_test.cpp
      results/tests/trials_csv_test.cpp
    LIBS nk3_results Threads::Threads)
endif()
