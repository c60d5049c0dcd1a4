# The campaign engine (docs/engine.md): plans, trials, the parallel campaign, progress and the
# summary table. Included from harness/CMakeLists.txt; paths are relative to harness/.
nk3_library(nk3_engine
  engine/bench_cut_timer.cpp
  engine/campaign.cpp
  engine/dry_run.cpp
  engine/error_status.cpp
  engine/host_session.cpp
  engine/plan.cpp
  engine/progress_printer.cpp
  engine/shard.cpp
  engine/summary_table.cpp
  engine/target_choice.cpp
  engine/trial_runner.cpp
  engine/outcome_cache.cpp
  engine/trial_spec.cpp
)
target_link_libraries(nk3_engine PUBLIC nk3_scenario nk3_checks nk3_results nk3_device nk3_rig_link
                                        nk3_rig_sim nk3_rig_bench Threads::Threads)

if(NK3RIG_BUILD_TESTS)
  nk3_test(nk3_engine_tests
    SOURCES
      engine/tests/plan_test.cpp
      engine/tests/trial_runner_test.cpp
      engine/tests/campaign_test.cpp
      engine/tests/summary_table_test.cpp
      engine/tests/outcome_cache_test.cpp
    LIBS nk3_engine)
endif()

# Trials per second and the crypto floor (prints figures; `make bench` runs it).
if(NK3RIG_BUILD_BENCHMARKS)
  add_executable(nk3_engine_bench engine/bench/engine_bench.cpp)
  target_link_libraries(nk3_engine_bench PRIVATE nk3_engine nk3_crypto nk3rig_warnings)
  target_compile_definitions(nk3_engine_bench PRIVATE NK3RIG_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endif()
