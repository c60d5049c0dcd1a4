# `nk3rig devices` and `nk3rig bench check`: commands on real hardware (rig/bench and backends).
target_sources(nk3_cli PRIVATE cli/bench_check_command.cpp cli/devices_command.cpp)
target_link_libraries(nk3_cli PUBLIC nk3_rig_bench)
