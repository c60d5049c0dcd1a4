"""Fixtures of the report tests: real runs made once per session with the built nk3rig.

The session runs are never modified: a test that alters a run works on copy_run(...)
(reportkit.py holds the helpers)."""

from __future__ import annotations

import os
import pathlib
import subprocess

import pytest
from _runs import real_run
from reportkit import DATA, ROOT, copy_run, render


# --- real runs, made once ------------------------------------------------------------------

@pytest.fixture(scope="session")
def nk3rig() -> pathlib.Path:
    """The nk3rig binary (make test sets NK3RIG; default: the default preset's build)."""
    path = pathlib.Path(os.environ.get("NK3RIG", ROOT / "build/default/harness/nk3rig"))
    if not path.is_file():
        pytest.fail(f"nk3rig binary not found at {path}: run `make test` (it builds first)")
    return path


def _make_run(nk3rig: pathlib.Path, out: pathlib.Path, scenario: pathlib.Path, target: str,
              expect: int) -> pathlib.Path:
    proc = subprocess.run([str(nk3rig), "run", str(scenario), "--target", target, "--out",
                           str(out), "--jobs", "2", "--no-report"], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    assert proc.returncode == expect, (f"nk3rig run {scenario.name} on {target} exited "
                                       f"{proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    # --no-report: the tests render their own reports from the database.
    assert not (out / "report.html").exists()
    return out


@pytest.fixture(scope="session")
def pin_bad(nk3rig, tmp_path_factory) -> pathlib.Path:
    """pin-tearing on the key that compares before it counts: 108 trials, 104 fail (exit 1)."""
    return real_run(tmp_path_factory, "pin-tearing", "sim:model-nk3am-pin-after-compare", 1)


@pytest.fixture(scope="session")
def pin_good(nk3rig, tmp_path_factory) -> pathlib.Path:
    """pin-tearing on model-nk3am-wal (the journal replayed at every boot): every trial passes (exit 0).
    (nk3am-1.3.1 no longer does: with fido-authenticator 0.1.1's files a torn erase can hit the
    state file's data block while the filesystem still mounts, so its journal is not replayed.)"""
    return real_run(tmp_path_factory, "pin-tearing", "sim:model-nk3am-wal", 0)


@pytest.fixture(scope="session")
def seed_xn(nk3rig, tmp_path_factory) -> pathlib.Path:
    """seed-incident on nk3xn-1.3.1: every trial passes (exit 0)."""
    return real_run(tmp_path_factory, "seed-incident", "sim:nk3xn-1.3.1", 0)


@pytest.fixture(scope="session")
def seed_130(nk3rig, tmp_path_factory) -> pathlib.Path:
    """seed-incident on nk3am-1.2.2: the incident (exit 1)."""
    return real_run(tmp_path_factory, "seed-incident", "sim:nk3am-1.2.2", 1)


@pytest.fixture(scope="session")
def seed_131(nk3rig, tmp_path_factory) -> pathlib.Path:
    """seed-incident on nk3am-1.3.1: the state-file finding (exit 1)."""
    return real_run(tmp_path_factory, "seed-incident", "sim:nk3am-1.3.1", 1)


@pytest.fixture(scope="session")
def time_run(nk3rig, tmp_path_factory) -> pathlib.Path:
    """A time-sweep (the engine's e2e scenario, 10 trials, some fail): the offset plot."""
    return _make_run(nk3rig, tmp_path_factory.mktemp("runs") / "time",
                     ROOT / "tests/e2e/data/run-time-sweep.yaml", "sim:nk3am-1.2.2", 1)


@pytest.fixture(scope="session")
def nested_run(nk3rig, tmp_path_factory) -> pathlib.Path:
    """pin-tearing with a nested plan (bound 3): the two-panel crash map."""
    return _make_run(nk3rig, tmp_path_factory.mktemp("runs") / "nested",
                     DATA / "pin-nested.yaml", "sim:model-nk3am-pin-after-compare", 1)


@pytest.fixture(scope="session")
def pin_report(pin_bad, tmp_path_factory) -> str:
    """The pin run's report.html, rendered once into a copy (read-only for the tests)."""
    run = copy_run(pin_bad, tmp_path_factory.mktemp("rendered") / "pin")
    return render(run)
