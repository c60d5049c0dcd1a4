"""The trend view: failures per run over time, from the runs next to this one.

Nightly runs land side by side (`runs/<scenario>-<target>-<UTC time>`), so the run directory's
parent is the history. A sibling counts when it holds a results.sqlite whose run.scenario and
run.target match this run's and which started no later than this run (a report re-rendered
later must not show the future). Siblings that cannot be read (a garbage or locked database,
another schema) are skipped without failing the report, but counted, so the reader knows the
history has holes. Only counts are queried: opening a sibling costs two aggregates.
"""

from __future__ import annotations

import dataclasses
import datetime
import pathlib
import sqlite3

from .model import RunDir, RunDirError, parse_time


@dataclasses.dataclass(frozen=True)
class TrendPoint:
    """One run of the same scenario and target."""
    path: pathlib.Path
    started: str
    started_at: datetime.datetime
    status: str
    trials: int
    failed: int
    current: bool

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def rate(self) -> float:
        """Share of the recorded trials that failed (0..1)."""
        return self.failed / self.trials if self.trials else 0.0


@dataclasses.dataclass(frozen=True)
class Trend:
    parent: pathlib.Path
    points: list[TrendPoint]   # by start time, then directory name; the current run included
    skipped: int               # siblings with a results.sqlite that could not be read


def parse_started(text: str) -> datetime.datetime:
    """run.started as an aware datetime; ValueError when it is not a time."""
    t = parse_time(text)
    if t is None:
        raise ValueError(f"not a time: {text!r}")
    return t


def _point(run: RunDir, current: bool, trials: int | None = None,
           failed: int | None = None) -> TrendPoint:
    info = run.info
    started_at = parse_started(info["started"])  # first: an unreadable time costs no scan
    if trials is None or failed is None:
        # One scan for both counts: a history may hold many large runs.
        trials, failed = run.execute(
            "SELECT count(*), coalesce(sum(verdict != 'pass'), 0) FROM trials").fetchone()
    return TrendPoint(path=run.path, started=info["started"], started_at=started_at,
                      status=info["status"], trials=trials, failed=failed, current=current)


def collect(run: RunDir, trials: int | None = None, failed: int | None = None) -> Trend:
    """The runs of run's scenario and target in run's parent directory, this one included.

    `trials`/`failed` may pass this run's counts when the caller has them already."""
    here = run.path.resolve()
    parent = here.parent
    try:
        current = _point(run, True, trials, failed)
    except ValueError:
        # This run's own start time is unreadable: show it alone rather than guess an order.
        return Trend(parent=parent, points=[], skipped=0)
    points = [current]
    skipped = 0
    try:
        siblings = sorted(p for p in parent.iterdir() if p.resolve() != here)
    except OSError:
        siblings = []
    for sibling in siblings:
        try:
            if not (sibling / "results.sqlite").is_file():
                continue
            with RunDir(sibling) as other:
                info = other.info
                if info["scenario"] != run.info["scenario"] or \
                        info["target"] != run.info["target"]:
                    continue
                if parse_started(info["started"]) > current.started_at:
                    continue  # later than this run: not part of its history
                points.append(_point(other, False))
        except (RunDirError, sqlite3.Error, OSError, ValueError, KeyError, TypeError):
            skipped += 1
    points.sort(key=lambda p: (p.started_at, p.name))
    return Trend(parent=parent, points=points, skipped=skipped)
