# The two commands a user needs (README.md):
#   make run   install what is missing, build, run the main job
#   make test  install what is missing, build, run every test (ctest, then pytest)
# The other targets are steps of those two, plus bench and format.

# make run reads PIPESTATUS.
SHELL := /bin/bash
PRESET ?= default
BUILD_DIR := build/$(PRESET)
# The project's virtual environment (scripts/bootstrap.sh): Debian's interpreter and packages
# (python3-pytest, python3-fido2) plus python/requirements.txt.
PYTHON := .venv/bin/python3
JOBS ?= $(shell nproc)
NK3RIG := $(abspath $(BUILD_DIR))/harness/nk3rig

.PHONY: run test bootstrap configure build bench format

# The main job: the seed incident on the three simulated models. A run exits 1 when checks
# fail (the findings on nk3am-1.2.2 are the point), so only 2 (bad input) and 3 (the rig could
# not run) fail `make run`. Each run prints its table and conclusion and renders its report;
# the three conclusions, then the path of each report written, are repeated at the end (a
# report the renderer could not write says so there, and does not fail `make run`).
RUN_SCENARIO ?= scenarios/seed-incident.yaml
RUN_TARGETS ?= sim:nk3am-1.2.2 sim:nk3am-1.3.1 sim:nk3xn-1.3.1

# The build's log goes to runs/build.log (its tail is shown when it fails): a user of make run
# wants the job's output, not the compiler's.
run:
	@mkdir -p runs; echo "== building (log: runs/build.log)"; \
	if ! $(MAKE) --no-print-directory build > runs/build.log 2>&1; then \
	  tail -n 40 runs/build.log; echo "make run: the build failed (runs/build.log)"; exit 1; fi
	@: > runs/make-run.conclusions; : > runs/make-run.reports; \
	for t in $(RUN_TARGETS); do \
	  echo "== $(RUN_SCENARIO) on $$t"; \
	  $(NK3RIG) run $(RUN_SCENARIO) --target $$t --jobs $(JOBS) | tee runs/make-run.log; \
	  rc=$${PIPESTATUS[0]}; \
	  if [ $$rc -ne 0 ] && [ $$rc -ne 1 ]; then echo "make run: nk3rig run exited $$rc"; exit $$rc; fi; \
	  grep '^conclusion:' runs/make-run.log >> runs/make-run.conclusions; \
	  grep '^report:' runs/make-run.log >> runs/make-run.reports; echo; \
	done; \
	echo "== conclusions"; cat runs/make-run.conclusions; \
	echo "== reports"; cat runs/make-run.reports

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
	$(BUILD_DIR)/harness/nk3_engine_bench

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')
