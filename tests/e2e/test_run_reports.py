"""The reports at the end of `nk3rig run` and `nk3rig merge` (docs/engine.md "Output"): the
renderer (`python -m nk3report render DIR`) is started once the results are written; when it
fails or is missing, the run says "report: not written (...)", keeps its exit status and loses
nothing. The renderer here is a fake (fake_report.py) that records how it was called."""
import pathlib

import pytest

from fake_report import calls
from runkit import rows, run_interrupted, summary

DATA = pathlib.Path(__file__).resolve().parent / "data"
SMALL = DATA / "run-small.yaml"
ROOT = pathlib.Path(__file__).resolve().parents[2]


def assert_complete(run_dir):
    s = summary(run_dir)
    assert s["status"] == "complete"
    assert s["counts"]["trials"] == s["run"]["plan_size"] == len(rows(run_dir)) > 0


def test_the_report_is_rendered_after_the_files(run, renderer, tmp_path):
    out = tmp_path / "r"
    p = run("run", SMALL, "--target", "sim:nk3xn-1.3.1", "--out", out)
    assert p.returncode == 0, p.stdout + p.stderr
    assert calls(renderer) == [["render", str(out)]]
    assert f"report: {out / 'report.html'}\n" in p.stdout
    assert (out / "report.html").is_file()
    assert_complete(out)  # the renderer ran after trials.csv and summary.json were written
    # The report line comes after the conclusion.
    assert p.stdout.index("conclusion:") < p.stdout.index("report:")


@pytest.mark.parametrize("target, status", [("sim:nk3xn-1.3.1", 0), ("sim:nk3am-1.2.2", 1)])
def test_a_failing_renderer_changes_nothing_but_the_report_line(run, renderer, tmp_path,
                                                                monkeypatch, target, status):
    monkeypatch.setenv("FAKE_REPORT_EXIT", "3")
    out = tmp_path / "r"
    p = run("run", SMALL, "--target", target, "--out", out)
    assert p.returncode == status, p.stdout + p.stderr
    assert calls(renderer) == [["render", str(out)]]
    assert "report: not written (the renderer exited 3" in p.stdout
    assert f"nk3rig report {out}" in p.stdout
    assert_complete(out)
    assert not (out / "report.html").exists()


def test_a_missing_renderer_changes_nothing_but_the_report_line(run, tmp_path, monkeypatch):
    monkeypatch.setenv("NK3RIG_REPORTS_DIR", str(tmp_path / "no-package-here"))
    out = tmp_path / "r"
    p = run("run", SMALL, "--out", out)
    assert p.returncode == 1, p.stdout + p.stderr
    assert "report: not written (the renderer exited 3" in p.stdout
    assert "nk3report is not in" in p.stderr
    assert_complete(out)


def test_a_missing_interpreter_changes_nothing_but_the_report_line(run, renderer, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("NK3RIG_PYTHON", str(tmp_path / "no-python"))
    out = tmp_path / "r"
    p = run("run", SMALL, "--target", "sim:nk3xn-1.3.1", "--out", out)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "report: not written" in p.stdout
    assert calls(renderer) == []
    assert_complete(out)


def test_no_report_skips_the_renderer(run, renderer, tmp_path):
    out = tmp_path / "r"
    p = run("run", SMALL, "--target", "sim:nk3xn-1.3.1", "--out", out, "--no-report")
    assert p.returncode == 0, p.stdout + p.stderr
    assert calls(renderer) == []
    assert "report:" not in p.stdout
    assert_complete(out)


def test_merge_renders_the_merged_run(run, renderer, tmp_path):
    for i in (1, 2):
        p = run("run", SMALL, "--out", tmp_path / f"s{i}", "--shard", f"{i}/2", "--no-report")
        assert p.returncode in (0, 1), p.stdout + p.stderr
    assert calls(renderer) == []
    m = run("merge", tmp_path / "merged", tmp_path / "s1", tmp_path / "s2")
    assert m.returncode == 0, m.stdout + m.stderr
    assert calls(renderer) == [["render", str(tmp_path / "merged")]]
    assert f"report: {tmp_path / 'merged' / 'report.html'}" in m.stdout
    assert_complete(tmp_path / "merged")
    n = run("merge", tmp_path / "again", tmp_path / "s1", tmp_path / "s2", "--no-report")
    assert n.returncode == 0, n.stdout + n.stderr
    assert len(calls(renderer)) == 1


def test_a_failing_renderer_does_not_fail_merge(run, renderer, tmp_path, monkeypatch):
    for i in (1, 2):
        run("run", SMALL, "--out", tmp_path / f"s{i}", "--shard", f"{i}/2", "--no-report")
    monkeypatch.setenv("FAKE_REPORT_EXIT", "1")
    m = run("merge", tmp_path / "merged", tmp_path / "s1", tmp_path / "s2")
    assert m.returncode == 0, m.stdout + m.stderr
    assert "report: not written (the renderer exited 1" in m.stdout
    assert_complete(tmp_path / "merged")


def test_an_interrupted_run_is_rendered_too(nk3rig, renderer, tmp_path):
    scenario = tmp_path / "soak.yaml"
    scenario.write_text((ROOT / "scenarios/random-logins.yaml").read_text()
                        .replace("count: 1000", "count: 100000"))
    out = tmp_path / "r"
    stdout, _ = run_interrupted([nk3rig, "run", scenario, "--out", out], out)
    assert calls(renderer) == [["render", str(out)]]
    assert summary(out)["status"] == "interrupted"
    # The report line comes before the command that continues the run.
    assert stdout.index("report: ") < stdout.index("interrupted: ")
