# Hardware backends behind the rig interfaces, and bench files. Declared from rig/CMakeLists.txt
# so that headers are included as "rig/<part>/x.hpp".
#
#   nk3_rig_gpiod   libgpiod 1.6 line as power switch (VBUS through a load switch) and touch pulse
#   nk3_rig_usbhub  USB hub port power (SET/CLEAR_FEATURE PORT_POWER) through libusb-1.0
#   nk3_rig_sigrok  libsigrok logic analyzer as probe (edges per channel, .sr capture)
#   nk3_rig_bench   bench files (hardware/*.yaml), the bench target factory, `bench check` steps

find_package(Threads REQUIRED)
pkg_check_modules(LIBGPIOD REQUIRED IMPORTED_TARGET libgpiod)
pkg_check_modules(LIBUSB REQUIRED IMPORTED_TARGET libusb-1.0)
pkg_check_modules(LIBSIGROKCXX REQUIRED IMPORTED_TARGET libsigrokcxx)

nk3_library(nk3_rig_gpiod
  gpiod/gpio_output_line.cpp
  gpiod/gpiod_power_switch.cpp
  gpiod/gpiod_touch.cpp
  gpiod/touch_pulser.cpp
)
target_link_libraries(nk3_rig_gpiod PUBLIC PkgConfig::LIBGPIOD Threads::Threads nk3_common)

nk3_library(nk3_rig_usbhub
  usbhub/hub_descriptor.cpp
  usbhub/hub_selector.cpp
  usbhub/usb_hub_power_switch.cpp
)
target_link_libraries(nk3_rig_usbhub PUBLIC PkgConfig::LIBUSB)

nk3_library(nk3_rig_sigrok
  sigrok/driver_spec.cpp
  sigrok/edge_detector.cpp
  sigrok/sigrok_probe.cpp
)
target_link_libraries(nk3_rig_sigrok PUBLIC PkgConfig::LIBSIGROKCXX Threads::Threads)

nk3_library(nk3_rig_bench
  bench/parse_bench.cpp
  bench/fido_devices.cpp
  bench/key_finder.cpp
  bench/bench_backends.cpp
  bench/touching_link.cpp
  bench/bench_target.cpp
  bench/bench_check.cpp
)
target_link_libraries(nk3_rig_bench PUBLIC nk3_rig_gpiod nk3_rig_usbhub nk3_rig_sigrok nk3_yaml
                                           nk3_device PkgConfig::LIBFIDO2)

if(NK3RIG_BUILD_TESTS)
  nk3_test(nk3_rig_gpiod_tests
    SOURCES gpiod/tests/gpiod_power_switch_test.cpp gpiod/tests/gpiod_touch_test.cpp
            gpiod/tests/touch_pulser_test.cpp
    LIBS nk3_rig_gpiod)
  nk3_test(nk3_rig_usbhub_tests
    SOURCES usbhub/tests/hub_descriptor_test.cpp usbhub/tests/hub_selector_test.cpp
            usbhub/tests/usb_hub_power_switch_test.cpp
    LIBS nk3_rig_usbhub)
  nk3_test(nk3_rig_sigrok_tests
    SOURCES sigrok/tests/driver_spec_test.cpp sigrok/tests/edge_detector_test.cpp
            sigrok/tests/sigrok_probe_test.cpp
    LIBS nk3_rig_sigrok)
  nk3_test(nk3_rig_bench_tests
    SOURCES bench/tests/parse_bench_test.cpp bench/tests/key_finder_test.cpp
            bench/tests/bench_check_test.cpp bench/tests/touching_link_test.cpp
    LIBS nk3_rig_bench)
  target_compile_definitions(nk3_rig_bench_tests PRIVATE
    NK3RIG_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}/..")
endif()
