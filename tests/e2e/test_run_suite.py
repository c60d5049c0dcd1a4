"""`nk3rig run SUITE.yaml` end to end on the simulator (docs/scenarios.md "Suites",
docs/engine.md): every member into OUT/<scenario>-<target>, the worst exit status, bad input
found before anything runs, --resume, --shard, SIGINT, and OUT/junit.xml over the members.
The members are small copies of tests/e2e/data/run-small.yaml; the report renderer is a fake
(fake_report.py) that records how it was called."""
import pathlib
import shutil
import sqlite3

import pytest

from fake_report import calls
from runkit import rows, run_interrupted, summary

DATA = pathlib.Path(__file__).resolve().parent / "data"
SMALL = (DATA / "run-small.yaml").read_text()
ROOT = pathlib.Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.usefixtures("renderer")  # reports by the fake (conftest.py)


def small(folder, name, target="sim:nk3am-1.2.2", extra=""):
    """A copy of run-small.yaml named `name` with default target `target`."""
    text = SMALL.replace("name: run-small", f"name: {name}").replace(
        "target: sim:nk3am-1.2.2", f"target: {target}") + extra
    path = pathlib.Path(folder) / f"{name}.yaml"
    path.write_text(text)
    return path


def suite(folder, members, name="mini"):
    lines = "".join(f"  - {m}\n" for m in members)
    path = pathlib.Path(folder) / f"{name}.yaml"
    path.write_text(f"name: {name}\nabout: a small suite for the tests\ninclude:\n{lines}")
    return path


@pytest.fixture
def two(tmp_path):
    """A suite of `am` (sim:nk3am-1.2.2: some trials fail, exit 1) and `xn` (sim:nk3xn-1.3.1: all
    pass, exit 0)."""
    small(tmp_path, "am")
    small(tmp_path, "xn", target="sim:nk3xn-1.3.1")
    return suite(tmp_path, ["am.yaml", "xn.yaml"])


def test_every_member_runs_into_its_own_directory(run, two, tmp_path, renderer):
    out = tmp_path / "night"
    p = run("run", two, "--out", out, "--jobs", 2)
    assert p.returncode == 1, p.stdout + p.stderr  # worst of 1 (am) and 0 (xn)
    am, xn = out / "am-sim-nk3am-1.2.2", out / "xn-sim-nk3xn-1.3.1"
    for d in (am, xn):
        s = summary(d)
        assert s["status"] == "complete"
        assert s["counts"]["trials"] == s["run"]["plan_size"] == len(rows(d)) > 10
        assert (d / "scenario.yaml").is_file()
    assert summary(am)["counts"]["failed"] > 0 and summary(xn)["counts"]["failed"] == 0
    assert summary(am)["run"]["target"] == "sim:nk3am-1.2.2"
    assert summary(xn)["run"]["target"] == "sim:nk3xn-1.3.1"
    # Each run printed its table and conclusion, then the suite one line per member.
    assert "conclusion: sim:nk3am-1.2.2:" in p.stdout and "conclusion: sim:nk3xn-1.3.1:" in p.stdout
    tail = p.stdout[p.stdout.index("== suite mini: 2 of 2 runs"):]
    n_am, f_am = summary(am)["counts"]["trials"], summary(am)["counts"]["failed"]
    assert f"am on sim:nk3am-1.2.2: {n_am} trials, {f_am} failed, exit 1:" in tail
    assert f"xn on sim:nk3xn-1.3.1: {len(rows(xn))} trials, 0 failed, exit 0: no check failed" in tail
    # Reports: each member rendered, then one JUnit file over both.
    assert calls(renderer) == [["render", str(am)], ["render", str(xn)],
                               ["junit", str(out / "junit.xml"), str(am), str(xn)]]
    assert f"report: {out / 'junit.xml'}" in p.stdout


def test_target_given_runs_every_member_on_it(run, two, tmp_path):
    out = tmp_path / "night"
    p = run("run", two, "--out", out, "--target", "sim:nk3xn-1.3.1", "--no-report")
    assert p.returncode == 0, p.stdout + p.stderr
    assert sorted(d.name for d in out.iterdir()) == ["am-sim-nk3xn-1.3.1", "xn-sim-nk3xn-1.3.1"]
    assert summary(out / "am-sim-nk3xn-1.3.1")["run"]["target"] == "sim:nk3xn-1.3.1"


def test_shard_applies_to_every_member(run, two, tmp_path):
    out = tmp_path / "night"
    p = run("run", two, "--out", out, "--shard", "2/3", "--no-report")
    assert p.returncode in (0, 1), p.stdout + p.stderr
    for d in out.iterdir():
        s = summary(d)
        assert (s["run"]["shard_index"], s["run"]["shard_count"]) == (1, 3)
        indexes = [int(r["plan_index"]) for r in rows(d)]
        assert indexes and all(i % 3 == 1 for i in indexes)


def test_exit_status_is_the_worst_member(run, tmp_path):
    # A member whose default target is a bench that cannot be opened: exit 3 when it runs
    # (not bad input: the bench file itself is fine). The members after it still run.
    small(tmp_path, "xn", target="sim:nk3xn-1.3.1")
    bench = (tmp_path / "b.yaml")
    bench.write_text((DATA / "bench-missing.yaml").read_text())
    timed = (DATA / "run-time-sweep.yaml").read_text().replace("name: run-time-sweep", "name: hw")
    (tmp_path / "hw.yaml").write_text(
        timed.replace("target: sim:nk3am-1.2.2", f"target: bench:{bench}"))
    small(tmp_path, "am")
    p = run("run", suite(tmp_path, ["xn.yaml", "hw.yaml", "am.yaml"]),
            "--out", tmp_path / "night", "--no-report")
    assert p.returncode == 3, p.stdout + p.stderr
    assert summary(tmp_path / "night/am-sim-nk3am-1.2.2")["status"] == "complete"
    assert "hw on bench:" in p.stdout and ": no trials, exit 3:" in p.stdout
    # Without the bench member: worst of 0 and 1.
    p = run("run", suite(tmp_path, ["xn.yaml", "am.yaml"], name="soft"),
            "--out", tmp_path / "soft", "--no-report")
    assert p.returncode == 1, p.stdout + p.stderr


def test_a_bad_member_is_exit_2_before_anything_runs(run, tmp_path, renderer):
    small(tmp_path, "xn", target="sim:nk3xn-1.3.1")
    (tmp_path / "run-bad.yaml").write_text((DATA / "run-bad.yaml").read_text())
    out = tmp_path / "night"
    p = run("run", suite(tmp_path, ["xn.yaml", "run-bad.yaml"]), "--out", out)
    assert p.returncode == 2, p.stdout + p.stderr
    assert "run-bad.yaml:9:" in p.stderr
    assert not out.exists()  # xn, listed first, did not run
    assert calls(renderer) == []


def test_a_member_on_a_bad_target_is_exit_2_before_anything_runs(run, tmp_path):
    small(tmp_path, "xn", target="sim:nk3xn-1.3.1")
    small(tmp_path, "am", target="sim:missing-profile.yaml")
    out = tmp_path / "night"
    p = run("run", suite(tmp_path, ["xn.yaml", "am.yaml"]), "--out", out)
    assert p.returncode == 2, p.stdout + p.stderr
    assert "am.yaml:" in p.stderr
    assert not out.exists()


def test_a_flash_sweep_on_a_bench_is_refused_before_anything_runs(run, two, tmp_path):
    p = run("run", two, "--bench", DATA / "bench-missing.yaml", "--out", tmp_path / "night")
    assert p.returncode == 2, p.stdout + p.stderr
    assert "flash-sweep" in p.stderr
    assert not (tmp_path / "night").exists()


def test_a_missing_include_names_the_suite_line(run, tmp_path):
    small(tmp_path, "xn", target="sim:nk3xn-1.3.1")
    s = suite(tmp_path, ["xn.yaml", "gone.yaml"])
    p = run("run", s, "--out", tmp_path / "night")
    assert p.returncode == 2, p.stdout + p.stderr
    assert f"{s}:5:" in p.stderr and "gone.yaml" in p.stderr
    assert not (tmp_path / "night").exists()


def test_an_existing_run_without_resume_is_exit_2_and_untouched(run, two, tmp_path):
    out = tmp_path / "night"
    assert run("run", two, "--out", out, "--no-report").returncode == 1
    before = (out / "xn-sim-nk3xn-1.3.1/trials.csv").read_bytes()
    p = run("run", two, "--out", out, "--no-report")
    assert p.returncode == 2, p.stdout + p.stderr
    assert "already holds a run" in p.stderr and "--resume" in p.stderr
    assert (out / "xn-sim-nk3xn-1.3.1/trials.csv").read_bytes() == before


def forget_trials(run_dir, keep):
    """Makes a finished run look interrupted after `keep` trials: what a SIGINT leaves."""
    db = sqlite3.connect(pathlib.Path(run_dir) / "results.sqlite")
    with db:
        db.execute("DELETE FROM checks WHERE plan_index >= ?", (keep,))
        db.execute("DELETE FROM trials WHERE plan_index >= ?", (keep,))
        db.execute("UPDATE run SET status = 'interrupted'")
    db.close()


def test_resume_skips_complete_resumes_interrupted_starts_missing(run, tmp_path, renderer):
    small(tmp_path, "am")
    small(tmp_path, "xn", target="sim:nk3xn-1.3.1")
    small(tmp_path, "xn2", target="sim:nk3xn-1.3.1")
    s = suite(tmp_path, ["am.yaml", "xn.yaml", "xn2.yaml"])
    out = tmp_path / "night"
    # Before: am complete, xn interrupted after 5 trials, xn2 never started.
    assert run("run", s, "--out", out, "--no-report").returncode == 1
    am, xn, xn2 = out / "am-sim-nk3am-1.2.2", out / "xn-sim-nk3xn-1.3.1", out / "xn2-sim-nk3xn-1.3.1"
    whole_xn = rows(xn)
    forget_trials(xn, keep=5)
    shutil.rmtree(xn2)
    am_csv = (am / "trials.csv").read_bytes()
    am_mtime = (am / "trials.csv").stat().st_mtime_ns

    p = run("run", s, "--out", out, "--resume", "--jobs", 2)
    assert p.returncode == 1, p.stdout + p.stderr
    assert "skipped" in p.stdout and "resuming: 5 trials already recorded" in p.stdout
    assert (am / "trials.csv").read_bytes() == am_csv  # not rewritten
    assert (am / "trials.csv").stat().st_mtime_ns == am_mtime
    assert rows(xn) == whole_xn  # the rest run, nothing twice (wall-clock column aside)
    assert summary(xn)["status"] == summary(xn2)["status"] == "complete"
    assert len(rows(xn2)) == len(whole_xn)
    assert "3 of 3 runs" in p.stdout
    # Only the runs that ran render; the JUnit file covers all three.
    assert calls(renderer) == [["render", str(xn)], ["render", str(xn2)],
                               ["junit", str(out / "junit.xml"), str(am), str(xn), str(xn2)]]
    # Resuming a complete suite runs nothing.
    again = run("run", s, "--out", out, "--resume", "--no-report")
    assert again.returncode == 1 and again.stdout.count("skipped") == 3


def test_resume_of_a_suite_needs_out_and_matching_runs(run, two, tmp_path):
    assert run("run", two, "--resume").returncode == 2
    out = tmp_path / "night"
    assert run("run", two, "--out", out, "--no-report", "--seed", 4).returncode == 1
    forget_trials(out / "am-sim-nk3am-1.2.2", keep=3)
    p = run("run", two, "--out", out, "--resume", "--seed", 5)
    assert p.returncode == 2, p.stdout + p.stderr
    assert "seed 4" in p.stderr
    assert len(rows(out / "am-sim-nk3am-1.2.2")) > 3  # trials.csv not rewritten
    assert summary(out / "am-sim-nk3am-1.2.2")["status"] == "complete"  # the file, untouched


def soak(folder, count):
    """scenarios/random-logins.yaml with `count` trials: long enough to interrupt."""
    text = (ROOT / "scenarios/random-logins.yaml").read_text()
    path = pathlib.Path(folder) / "random-logins.yaml"
    path.write_text(text.replace("count: 1000", f"count: {count}"))
    return path


def test_sigint_stops_the_suite_and_resume_finishes_it(nk3rig, run, tmp_path, renderer):
    soak(tmp_path, 3000)
    small(tmp_path, "xn", target="sim:nk3xn-1.3.1")
    s = suite(tmp_path, ["random-logins.yaml", "xn.yaml"])
    out = tmp_path / "night"
    first = out / "random-logins-sim-nk3am-1.2.2"
    stdout, _ = run_interrupted([nk3rig, "run", s, "--out", out], first, timeout=300)
    assert summary(first)["status"] == "interrupted"
    partial = rows(first, drop=())  # whole rows: the recorded ones must not change at all
    assert 0 < len(partial) < 3000
    assert summary(first)["counts"]["trials"] == len(partial)
    assert not (out / "xn-sim-nk3xn-1.3.1").exists()  # no member after the interrupted one
    assert f"nk3rig run {s} --out {out} --resume" in stdout
    assert "xn on sim:nk3xn-1.3.1: not run" in stdout
    # The interrupted member's report was rendered all the same.
    assert ["render", str(first)] in calls(renderer)

    resumed = run("run", s, "--out", out, "--resume", "--jobs", 2)
    assert resumed.returncode == 1, resumed.stdout + resumed.stderr
    full = rows(first, drop=())
    assert [int(r["plan_index"]) for r in full] == list(range(3000))
    by_index = {r["plan_index"]: r for r in full}
    for r in partial:  # recorded before the interruption: unchanged
        assert by_index[r["plan_index"]] == r
    assert summary(out / "xn-sim-nk3xn-1.3.1")["status"] == "complete"
