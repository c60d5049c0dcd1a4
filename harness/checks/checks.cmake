# The oracles run after power comes back (docs/checks.md): one file per check, the survey of the
# key they share, the registry and run_checks(). Included from harness/CMakeLists.txt.
nk3_library(nk3_checks
  checks/history.cpp
  checks/history_digest.cpp
  checks/key_survey.cpp
  checks/check_registry.cpp
  checks/run_checks.cpp
  checks/device_returns.cpp
  checks/fs_intact.cpp
  checks/pin_retries_consumed.cpp
  checks/pin_still_set.cpp
  checks/credentials_survive.cpp
  checks/signature_valid.cpp
  checks/counter_monotonic.cpp
  checks/no_self_reset.cpp
  checks/attestation_present.cpp
)
# rig/sim_powers.hpp needs the virtual NK3's headers; <fido/err.h> gives the answer codes.
target_link_libraries(nk3_checks PUBLIC nk3_device PRIVATE PkgConfig::LIBFIDO2)

if(NK3RIG_BUILD_TESTS)
  nk3_test(nk3_checks_tests
    SOURCES
      checks/tests/fake_link.cpp
      checks/tests/history_digest_test.cpp
      checks/tests/device_returns_test.cpp
      checks/tests/fs_intact_test.cpp
      checks/tests/pin_retries_consumed_test.cpp
      checks/tests/pin_still_set_test.cpp
      checks/tests/credentials_survive_test.cpp
      checks/tests/signature_valid_test.cpp
      checks/tests/counter_monotonic_test.cpp
      checks/tests/no_self_reset_test.cpp
      checks/tests/attestation_present_test.cpp
      checks/tests/run_checks_test.cpp
    LIBS nk3_checks PkgConfig::LIBFIDO2)
  # The checks on the simulated NK3 through libfido2 (needs the sim: targets of rig/sim).
  if(TARGET nk3_rig_sim)
    nk3_test(nk3_checks_sim_tests
      SOURCES checks/tests/checks_on_virtual_key_test.cpp
      LIBS nk3_checks nk3_rig_sim)
  endif()
endif()
