"""Run directories for the junit and compare tests: real `nk3rig run`s, and edited copies.

Real runs are made once per pytest session (they take seconds) and shared read-only; a test
that needs a variant copies one with copy_run() and edits the copy's results.sqlite with
sqlite3, the way a different firmware or an interrupted run would have written it.
Shared by every test of tests/reports (conftest.py's pin_bad and seed_xn are runs made here,
so a session makes each real run once). Copying a run and single SQL statements are reportkit's
(copy_run, sql). Runs are made with --no-report: the tests render
their own reports from the database.
"""

from __future__ import annotations

import os
import pathlib
import sqlite3
import subprocess
import sys

from reportkit import REPORTS, ROOT, sql

if str(REPORTS) not in sys.path:
    sys.path.insert(0, str(REPORTS))

_made: dict[tuple[str, str], pathlib.Path] = {}


def nk3rig() -> pathlib.Path:
    """The binary under test (make test sets NK3RIG; default: the default preset's build)."""
    path = pathlib.Path(os.environ.get("NK3RIG", ROOT / "build/default/harness/nk3rig"))
    if not path.is_file():
        raise AssertionError(f"nk3rig binary not found at {path}: run `make test` (it builds "
                             f"first)")
    return path


def run_nk3rig(*args: object, cwd: pathlib.Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(nk3rig()), *map(str, args)], capture_output=True, text=True,
                          timeout=600, cwd=cwd)


def real_run(tmp_path_factory, scenario: str, target: str, expect_rc: int) -> pathlib.Path:
    """`nk3rig run scenarios/SCENARIO.yaml --target TARGET`, once per session; the exit status
    must be expect_rc (0 all pass, 1 some check failed)."""
    key = (scenario, target)
    if key not in _made:
        out = tmp_path_factory.mktemp("runs") / f"{scenario}-{target.replace(':', '_')}"
        proc = run_nk3rig("run", ROOT / "scenarios" / f"{scenario}.yaml", "--target", target,
                          "--out", out, "--jobs", max(1, min(4, os.cpu_count() or 1)),
                          "--no-report")
        assert proc.returncode == expect_rc, (proc.returncode, proc.stdout, proc.stderr)
        _made[key] = out
    return _made[key]


def scenario_run(tmp_path_factory, scenario_yaml: str, name: str, expect_rc: int,
                 *extra: str) -> pathlib.Path:
    """A run of a scenario given as text (written next to the run), once per session."""
    key = (name, scenario_yaml)
    if key not in _made:
        base = tmp_path_factory.mktemp("runs")
        scenario = base / f"{name}.yaml"
        scenario.write_text(scenario_yaml)
        out = base / name
        proc = run_nk3rig("run", scenario, "--out", out, "--jobs", 2, "--no-report", *extra)
        assert proc.returncode == expect_rc, (proc.returncode, proc.stdout, proc.stderr)
        _made[key] = out
    return _made[key]


def fail_trial(run_dir: pathlib.Path, plan_index: int, check: str, reason: str) -> None:
    """Makes one passing trial fail `check`, as a firmware that broke there would record it:
    the check row, the trial's verdict, failing_checks, reason and replay command."""
    db = sqlite3.connect(run_dir / "results.sqlite")
    try:
        with db:
            changed = db.execute(
                "UPDATE checks SET passed = 0, reason = ? WHERE plan_index = ? AND "
                "check_name = ?", (reason, plan_index, check)).rowcount
            assert changed == 1, (run_dir, plan_index, check)
            failing = [r[0] for r in db.execute(
                "SELECT check_name FROM checks WHERE plan_index = ? AND passed = 0 "
                "ORDER BY position", (plan_index,))]
            first = db.execute(
                "SELECT check_name, reason FROM checks WHERE plan_index = ? AND passed = 0 "
                "ORDER BY position LIMIT 1", (plan_index,)).fetchone()
            db.execute(
                "UPDATE trials SET verdict = 'fail', failing_checks = ?, reason = ?, "
                "replay = ? WHERE plan_index = ?",
                (";".join(failing), f"{first[0]}: {first[1]}",
                 f"nk3rig replay {run_dir} {plan_index}", plan_index))
    finally:
        db.close()


def pass_trial(run_dir: pathlib.Path, plan_index: int) -> None:
    """Makes one failing trial pass every check."""
    sql(run_dir, "UPDATE checks SET passed = 1, reason = '' WHERE plan_index = ?", (plan_index,))
    sql(run_dir, "UPDATE trials SET verdict = 'pass', failing_checks = '', reason = '', "
                 "replay = '' WHERE plan_index = ?", (plan_index,))


def interrupt(run_dir: pathlib.Path, keep: int) -> None:
    """Makes the run look interrupted after its first `keep` trials, as SIGINT leaves it:
    status 'interrupted', the later trials and their checks absent."""
    sql(run_dir, "DELETE FROM checks WHERE plan_index >= ?", (keep,))
    sql(run_dir, "DELETE FROM trials WHERE plan_index >= ?", (keep,))
    sql(run_dir, "UPDATE run SET status = 'interrupted'")
