# The simulator's backends behind the rig interfaces (sim:PROFILE targets): switch, probe, touch,
# SimPowers and the target factory, all on a VirtualNk3. Included from rig/CMakeLists.txt, so
# headers are included as "rig/sim/x.hpp".
nk3_library(nk3_rig_sim
  sim/sim_power_switch.cpp
  sim/sim_probe.cpp
  sim/sim_touch.cpp
  sim/sim_key_powers.cpp
  sim/sim_target_factory.cpp
)
target_link_libraries(nk3_rig_sim PUBLIC nk3_rig_link nk3_device nk3_profiles)

if(NK3RIG_BUILD_TESTS)
  nk3_test(nk3_rig_sim_tests
    SOURCES
      sim/tests/fido_link_test.cpp
      sim/tests/fido_link_pin_test.cpp
      sim/tests/fido_link_listing_test.cpp
      sim/tests/fido_link_observer_test.cpp
      sim/tests/sim_powers_test.cpp
      sim/tests/sim_target_test.cpp
      sim/tests/fido_link_speed_test.cpp
    LIBS nk3_rig_sim nk3_crypto)
endif()
