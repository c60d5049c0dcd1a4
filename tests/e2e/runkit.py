"""Helpers of the end-to-end tests of `nk3rig run` (test_run_engine.py, test_run_suite.py,
test_run_reports.py): reading a run directory while a run writes it, and interrupting a run."""
import csv
import json
import pathlib
import signal
import sqlite3
import subprocess
import time

import pytest


def recorded(run_dir):
    """Trials committed so far (0 before the run directory exists)."""
    db = pathlib.Path(run_dir) / "results.sqlite"
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM trials").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def interrupt_once_recording(proc, run_dir):
    """SIGINT as soon as `run_dir` holds a trial (no fixed delay to tune to the engine's speed)."""
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and recorded(run_dir) == 0:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)


def run_interrupted(args, run_dir, timeout=120):
    """Starts `args` (an nk3rig command line), interrupts it once `run_dir` holds a trial, and
    returns (stdout, stderr) after checking it stopped with 130. Skips the test when the run
    finished before SIGINT arrived."""
    proc = subprocess.Popen([str(a) for a in args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    interrupt_once_recording(proc, run_dir)
    stdout, stderr = proc.communicate(timeout=timeout)
    if proc.returncode in (0, 1):
        pytest.skip("the run finished before SIGINT arrived")
    assert proc.returncode == 130, stdout + stderr
    return stdout, stderr


def summary(run_dir):
    return json.loads((pathlib.Path(run_dir) / "summary.json").read_text())


def rows(run_dir, drop=("duration_us",)):
    """trials.csv as dicts, without the columns in `drop` (by default the wall-clock one, which
    differs between two runs of the same trials)."""
    with open(pathlib.Path(run_dir) / "trials.csv", newline="") as f:
        return [{k: v for k, v in row.items() if k not in drop} for row in csv.DictReader(f)]
