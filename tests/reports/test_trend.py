"""The trend view: runs of the same scenario and target next to this one, oldest first, up to
this one; other scenarios, other targets, later runs and unreadable directories left out (the
unreadable ones counted)."""

from __future__ import annotations

import pathlib
import sys

import pytest
from reportkit import REPORTS, copy_run, element_text, html_tables, render, sql


def counts(run: pathlib.Path) -> tuple[int, int]:
    (trials, failed), = sql(run, "SELECT count(*), sum(verdict != 'pass') FROM trials")
    return trials, failed


@pytest.fixture
def history(pin_bad, time_run, tmp_path) -> dict[str, pathlib.Path]:
    """A nightly parent directory. Names sort against time on purpose (run-z is the oldest)."""
    parent = tmp_path / "nightly"
    parent.mkdir()
    runs = {}
    for name, day in (("run-z", 1), ("run-m", 2), ("run-a", 3), ("run-later", 4)):
        run = copy_run(pin_bad, parent / name)
        sql(run, "UPDATE run SET started = ?, finished = ?",
            (f"2026-01-0{day}T02:00:00Z", f"2026-01-0{day}T02:00:05Z"))
        runs[name] = run
    # Different outcomes per night: the oldest had fewer failures, the middle one was cut short.
    sql(runs["run-z"], "UPDATE trials SET verdict = 'pass' WHERE plan_index < 40")
    sql(runs["run-m"], "DELETE FROM checks WHERE plan_index >= 70")
    sql(runs["run-m"], "DELETE FROM trials WHERE plan_index >= 70")
    sql(runs["run-m"], "UPDATE run SET status = 'interrupted', finished = ''")
    # Not part of this history: another scenario, another target, an unreadable run, a
    # directory without a run.
    other = copy_run(time_run, parent / "other-scenario")
    sql(other, "UPDATE run SET started = '2026-01-02T03:00:00Z'")
    target = copy_run(pin_bad, parent / "other-target")
    sql(target, "UPDATE run SET target = 'sim:nk3am-1.3.1', started = '2026-01-02T04:00:00Z'")
    (parent / "broken").mkdir()
    (parent / "broken" / "results.sqlite").write_bytes(b"not sqlite at all" * 64)
    (parent / "notes").mkdir()
    (parent / "README.txt").write_text("nightly runs\n")
    return runs


def test_trend_lists_the_runs_of_this_scenario_and_target_in_time_order(history):
    text = render(history["run-a"])
    table = html_tables(text)["trend-table"]
    header, rows = table[0], table[1:]
    assert header[:2] == ["started (UTC)", "run directory"]
    expected = []
    for name in ("run-z", "run-m", "run-a"):
        trials, failed = counts(history[name])
        expected.append([f"2026-01-0{'zma'.index(name[-1]) + 1}T02:00:00Z",
                         name + (" (this run)" if name == "run-a" else ""),
                         "interrupted" if name == "run-m" else "complete",
                         str(trials), str(failed), f"{100 * failed / trials:.1f} %"])
    assert rows == expected
    # The three nights really differ, so the order above is checked by the numbers too.
    assert len({(r[3], r[4]) for r in rows}) == 3
    assert '<figure id="trend">' in text
    fig = text[text.index('<figure id="trend">'):]
    assert "<svg" in fig[:fig.index("</figure>")]
    assert "failure rate" in fig[:fig.index("</figure>")]
    assert element_text(text, "trend-skipped").startswith("1 directory in ")


def test_collect_returns_one_point_per_run(history):
    sys.path.insert(0, str(REPORTS))
    try:
        from nk3report.model import RunDir
        from nk3report.trend import collect
        with RunDir(history["run-m"]) as run:
            trend = collect(run)
    finally:
        sys.path.remove(str(REPORTS))
    assert [p.name for p in trend.points] == ["run-z", "run-m"]
    assert [p.current for p in trend.points] == [False, True]
    assert [(p.trials, p.failed) for p in trend.points] == \
        [counts(history["run-z"]), counts(history["run-m"])]
    assert trend.skipped == 1
    assert trend.parent == history["run-m"].parent.resolve()


def test_oldest_run_has_no_trend(history):
    text = render(history["run-z"])
    assert "trend-table" not in html_tables(text)
    assert element_text(text, "trend-omitted").startswith("No earlier run of pin-tearing on "
                                                          "sim:model-nk3am-pin-after-compare")
