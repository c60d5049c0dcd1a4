"""`nk3rig run`, `replay` and `merge` end to end on the simulator (docs/engine.md): determinism,
exit statuses, SIGINT and --resume, replay, shards. Small scenarios keep this under a minute."""
import pathlib
import shutil

import pytest

from runkit import rows, run_interrupted

DATA = pathlib.Path(__file__).resolve().parent / "data"
SMALL = DATA / "run-small.yaml"


pytestmark = pytest.mark.usefixtures("renderer")  # reports by the fake (conftest.py)


def test_same_seed_gives_identical_trials_csv(run, tmp_path):
    out = tmp_path / "run"
    first = run("run", SMALL, "--seed", 3, "--out", out)
    assert first.returncode in (0, 1), first.stderr
    shutil.move(out, tmp_path / "first")
    second = run("run", SMALL, "--seed", 3, "--out", out, "--jobs", 2)
    assert second.returncode == first.returncode, second.stderr
    a, b = rows(tmp_path / "first"), rows(out)
    assert len(a) > 10
    assert a == b
    assert [int(r["plan_index"]) for r in a] == list(range(len(a)))


def test_reused_outcomes_give_the_csv_of_checking_every_trial(run, tmp_path):
    # nk3am-1.2.2: some of the small sweep's cuts leave the key as others do, and some fail.
    target = ["--target", "sim:nk3am-1.2.2"]
    reusing = run("run", SMALL, *target, "--out", tmp_path / "reusing", "--jobs", 2)
    checking = run("run", SMALL, *target, "--out", tmp_path / "every", "--no-reuse")
    assert reusing.returncode == checking.returncode, reusing.stderr + checking.stderr
    assert "took its outcome" in reusing.stdout
    assert "took its outcome" not in checking.stdout
    wall_clock_and_paths = ("duration_us", "replay")
    a = rows(tmp_path / "reusing", drop=wall_clock_and_paths)
    b = rows(tmp_path / "every", drop=wall_clock_and_paths)
    assert len(a) > 10
    assert {r["verdict"] for r in a} == {"pass", "fail"}
    assert a == b


def test_exit_status_reflects_the_checks(run, tmp_path):
    # nk3xn-1.3.1: a power-safe filesystem on native pages: every trial passes.
    ok = run("run", SMALL, "--target", "sim:nk3xn-1.3.1", "--out", tmp_path / "xn")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "conclusion: sim:nk3xn-1.3.1: no check failed" in ok.stdout
    # nk3am-1.2.2: the read-modify-write translation layer loses neighbours: some fail, and each
    # failing row carries its replay command.
    bad = run("run", SMALL, "--target", "sim:nk3am-1.2.2", "--out", tmp_path / "am")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    failing = [r for r in rows(tmp_path / "am") if r["verdict"] == "fail"]
    assert failing
    assert all(r["replay"] == f"nk3rig replay {tmp_path / 'am'} {r['plan_index']}" for r in failing)
    assert "conclusion: sim:nk3am-1.2.2:" in bad.stdout


def test_bad_scenario_is_exit_2_with_line_and_column(run, tmp_path):
    p = run("run", DATA / "run-bad.yaml", "--out", tmp_path / "r")
    assert p.returncode == 2, p.stdout + p.stderr
    assert "run-bad.yaml:9:" in p.stderr
    assert not (tmp_path / "r").exists()


def test_bad_arguments_are_exit_2(run, tmp_path):
    assert run("run", SMALL, "--shard", "3/2", "--out", tmp_path / "a").returncode == 2
    assert run("run", SMALL, "--target", "sim:no-such-profile", "--out", tmp_path / "b").returncode == 2
    assert run("run", SMALL, "--resume").returncode == 2  # --resume needs --out


def test_flash_sweep_on_a_bench_is_refused_with_exit_2(run, tmp_path):
    p = run("run", SMALL, "--bench", DATA / "bench-missing.yaml", "--out", tmp_path / "r")
    assert p.returncode == 2, p.stdout + p.stderr
    assert "flash-sweep" in p.stderr and "simulat" in p.stderr


def test_time_sweep_on_a_bench_that_cannot_open_is_exit_3(run, tmp_path):
    p = run("run", DATA / "run-time-sweep.yaml", "--bench", DATA / "bench-missing.yaml",
            "--out", tmp_path / "r")
    assert p.returncode == 3, p.stdout + p.stderr


def test_time_sweep_on_the_simulator(run, tmp_path):
    p = run("run", DATA / "run-time-sweep.yaml", "--out", tmp_path / "r")
    assert p.returncode in (0, 1), p.stdout + p.stderr
    r = rows(tmp_path / "r")
    assert len(r) == 2 * 5
    assert {row["offset_us"] for row in r} == {"0", "500", "1000", "1500", "2000"}


def test_sigint_then_resume_gives_the_full_set(nk3rig, run, tmp_path):
    out = tmp_path / "r"
    seed_incident = pathlib.Path(__file__).resolve().parents[2] / "scenarios/seed-incident.yaml"
    stdout, _ = run_interrupted([nk3rig, "run", seed_incident, "--out", out], out)
    assert "--resume" in stdout
    partial = rows(out)
    resumed = run("run", seed_incident, "--out", out, "--resume", "--jobs", 2)
    assert resumed.returncode in (0, 1), resumed.stdout + resumed.stderr
    full = rows(out)
    indexes = [int(r["plan_index"]) for r in full]
    assert indexes == list(range(len(full)))  # all, each once
    assert len(full) > len(partial)
    # The trials recorded before the interruption are unchanged.
    by_index = {r["plan_index"]: r for r in full}
    for r in partial:
        assert by_index[r["plan_index"]] == r


def test_replay_prints_the_trace_and_the_same_verdict(run, tmp_path):
    out = tmp_path / "r"
    p = run("run", SMALL, "--out", out)
    assert p.returncode == 1, p.stdout + p.stderr
    failing = next(r for r in rows(out) if r["verdict"] == "fail")
    idx = failing["plan_index"]
    rp = run("replay", out, idx)
    assert rp.returncode == 0, rp.stdout + rp.stderr
    for what in ("setup: make_credential ssh", "get_assertion ssh", "flash op", "CUT:", "BOOT:",
                 "check credentials_survive", "VERDICT: fail", "same verdict as recorded"):
        assert what in rp.stdout, what
    images = out / f"replay-{idx}"
    assert (images / "before" / "internal.img").is_file()
    assert (images / "after-recovery" / "internal.img").is_file()
    assert run("replay", out, 999999).returncode == 2
    assert run("replay", tmp_path / "nothing", 0).returncode == 2


def test_shards_merged_equal_the_unsharded_run(run, tmp_path):
    whole = run("run", SMALL, "--out", tmp_path / "whole")
    s1 = run("run", SMALL, "--out", tmp_path / "s1", "--shard", "1/2")
    s2 = run("run", SMALL, "--out", tmp_path / "s2", "--shard", "2/2")
    assert whole.returncode == 1 and {s1.returncode, s2.returncode} <= {0, 1}
    m = run("merge", tmp_path / "merged", tmp_path / "s1", tmp_path / "s2")
    assert m.returncode == 0, m.stdout + m.stderr
    drop = ("duration_us", "replay")  # replay names each run's own directory
    assert rows(tmp_path / "merged", drop) == rows(tmp_path / "whole", drop)
    assert run("merge", tmp_path / "again", tmp_path / "s1", tmp_path / "s1").returncode == 2
