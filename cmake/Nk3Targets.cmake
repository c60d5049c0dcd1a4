# Helpers every folder uses to declare its targets the same way.
#
#   nk3_library(NAME src...)            static library; headers are included as "<folder>/x.hpp"
#                                       (the include root is the parent of the declaring folder)
#   nk3_test(NAME SOURCES src... LIBS lib...)
#                                       GoogleTest executable registered with ctest
#
# Project code builds with -Wall -Wextra -Werror through the nk3rig_warnings interface target.

if(NOT TARGET nk3rig_warnings)
  add_library(nk3rig_warnings INTERFACE)
  target_compile_options(nk3rig_warnings INTERFACE -Wall -Wextra -Werror)
endif()

function(nk3_library name)
  add_library(${name} STATIC ${ARGN})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/..)
  target_link_libraries(${name} PRIVATE nk3rig_warnings)
endfunction()

function(nk3_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main
                                        nk3rig_warnings)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
endfunction()
