# Scenarios (docs/scenarios.md): the strict parser, repeat unrolling, suite files. Included from
# harness/CMakeLists.txt.
nk3_library(nk3_scenario
  scenario/yaml_node.cpp
  scenario/step_parser.cpp
  scenario/fault_plan_parser.cpp
  scenario/scenario_parser.cpp
  scenario/load_scenarios.cpp
)
# check names come from nk3_checks; sim: targets are checked against the shipped profiles.
target_link_libraries(nk3_scenario PUBLIC nk3_yaml nk3_flash nk3_checks PRIVATE nk3_profiles
                                          yaml-cpp)

if(NK3RIG_BUILD_TESTS)
  nk3_test(nk3_scenario_tests
    SOURCES
      scenario/tests/shipped_scenarios_test.cpp
      scenario/tests/scenario_errors_test.cpp
      scenario/tests/steps_test.cpp
      scenario/tests/hostile_yaml_test.cpp
      scenario/tests/fault_plan_test.cpp
      scenario/tests/suite_test.cpp
    LIBS nk3_scenario)
  target_compile_definitions(nk3_scenario_tests
    PRIVATE NK3RIG_SCENARIOS_DIR="${CMAKE_SOURCE_DIR}/scenarios")
endif()
