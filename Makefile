# The two commands a user needs (README.md):
#   make run   install what is missing, build, run the main job
#   make test  install what is missing, build, run every test (ctest, then pytest)
# The other targets are steps of those two, plus bench and format.

PRESET ?= default
BUILD_DIR := build/$(PRESET)
# Debian's interpreter: it has python3-pytest and python3-fido2 (the one on PATH may not).
PYTHON := /usr/bin/python3
JOBS ?= $(shell nproc)
NK3RIG := $(abspath $(BUILD_DIR))/harness/nk3rig

.PHONY: run test bootstrap configure build bench format

run: build
	$(NK3RIG) storage-sweep

test: build
	ctest --preset $(PRESET) -j $(JOBS)
	NK3RIG=$(NK3RIG) $(PYTHON) -m pytest -q

bootstrap:
	@bash scripts/bootstrap.sh

configure: bootstrap
	@cmake --preset $(PRESET) >/dev/null

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

bench: build
	$(BUILD_DIR)/firmware-shim/bench/nk3_sweep_bench

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')
