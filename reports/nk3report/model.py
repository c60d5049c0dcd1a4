"""A run directory as the reports see it: run information, trials, check outcomes.

Everything is read from DIR/results.sqlite (docs/results.md), never from trials.csv or
summary.json, so a report of an interrupted or still-running run shows every committed trial.
Aggregates are computed by SQLite, so memory stays flat however many trials a run holds; only
the failing trials and the per-cut-point outcomes are loaded as rows.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import pathlib
import sqlite3
from typing import Iterator

SCHEMA_VERSION = "1"

# Cut modes in plan order (docs/results.md: summary.json lists them in this order).
CUT_MODE_ORDER = ("before", "torn", "after", "time")


class RunDirError(ValueError):
    """The directory is not a readable nk3rig run directory (bad input: exit status 2)."""


@dataclasses.dataclass(frozen=True)
class Trial:
    plan_index: int
    plan: str
    fault: str
    cut_mode: str
    flash_op: int | None
    second_op: int | None
    op_kind: str
    offset_us: int | None
    sim_time_ns: int
    verdict: str
    failing_checks: tuple[str, ...]
    reason: str
    recovery_ns: int
    duration_us: int
    replay: str


_TRIAL_COLUMNS = ("plan_index, plan, fault, cut_mode, flash_op, second_op, op_kind, offset_us, "
                  "sim_time_ns, verdict, failing_checks, reason, recovery_ns, duration_us, replay")


def _trial(row: tuple) -> Trial:
    values = list(row)
    values[10] = failing_checks(values[10])
    return Trial(*values)


def failing_checks(text: str | None) -> tuple[str, ...]:
    """The failing_checks column ("a;b") as a tuple of check names."""
    return tuple(c for c in (text or "").split(";") if c)


def mode_label(mode: str) -> str:
    """A cut mode as shown: the empty mode (no cut) is "none"."""
    return mode if mode else "none"


def write_atomically(path: pathlib.Path, content: str | bytes) -> None:
    """Write NAME.tmp, then rename: a reader (a browser, CI) never sees half a file."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                f.write(content)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def parse_time(text: str | None) -> datetime.datetime | None:
    """A time of the store (ISO 8601, UTC, e.g. 2026-11-29T13:08:26Z) as an aware datetime (UTC
    when it names no zone); None when it is not one."""
    try:
        t = datetime.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)


def mode_sort_key(mode: str) -> tuple[int, str]:
    """Cut modes in plan order, then others alphabetically, then the empty mode (no cut)."""
    if mode in CUT_MODE_ORDER:
        return (CUT_MODE_ORDER.index(mode), "")
    return (len(CUT_MODE_ORDER) + (1 if mode == "" else 0), mode)


@dataclasses.dataclass(frozen=True)
class Counts:
    """A run's aggregates (RunDir.counts)."""
    by_mode: dict[str, tuple[int, int]]      # cut mode -> (trials, failed trials), plan order
    matrix: dict[str, dict[str, int]]        # check -> cut mode -> failed trials, zeros included

    @property
    def trials(self) -> int:
        return sum(n for n, _ in self.by_mode.values())

    @property
    def failed(self) -> int:
        return sum(f for _, f in self.by_mode.values())

    @property
    def modes(self) -> list[str]:
        return list(self.by_mode)

    @property
    def checks(self) -> list[str]:
        """The checks that ran, in the order they ran in a trial."""
        return list(self.matrix)

    @property
    def trials_by_mode(self) -> dict[str, int]:
        return {m: n for m, (n, _) in self.by_mode.items()}

    @property
    def failed_by_mode(self) -> dict[str, int]:
        return {m: f for m, (_, f) in self.by_mode.items()}

    @property
    def per_check(self) -> dict[str, int]:
        """Failed trials per check: each failed check row belongs to one trial of one mode."""
        return {c: sum(row.values()) for c, row in self.matrix.items()}


class RunDir:
    """One run directory. Raises RunDirError (naming the path) when it is not one."""

    def __init__(self, path: str | pathlib.Path):
        self.path = pathlib.Path(path)
        db_file = self.path / "results.sqlite"
        if not self.path.is_dir():
            raise RunDirError(f"{self.path}: not a directory (give a run directory: "
                              f"nk3rig run --out DIR)")
        if not db_file.is_file():
            raise RunDirError(f"{self.path}: not a run directory (no results.sqlite)")
        try:
            # A read-write connection: after a crash SQLite replays the WAL on open.
            self._db = sqlite3.connect(str(db_file))
            # Reasons and fault texts carry what devices answered and may not be valid UTF-8:
            # every reader gets them decoded leniently (U+FFFD), not an exception.
            self._db.text_factory = lambda b: b.decode("utf-8", errors="replace")
            version = self._db.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            app = self._db.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
        except sqlite3.DatabaseError as e:
            raise RunDirError(f"{db_file}: not an nk3rig result store ({e})") from None
        if app is None or app[0] != "nk3rig result store":
            raise RunDirError(f"{db_file}: not an nk3rig result store")
        if version is None or version[0] != SCHEMA_VERSION:
            raise RunDirError(f"{db_file}: schema version {version[0] if version else '?'} "
                              f"(this nk3report reads version {SCHEMA_VERSION})")
        cur = self._db.execute("SELECT * FROM run WHERE id = 1")
        row = cur.fetchone()
        if row is None:
            raise RunDirError(f"{db_file}: the run table is empty")
        self.info: dict = {d[0]: v for d, v in zip(cur.description, row) if d[0] != "id"}

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "RunDir":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- counts --------------------------------------------------------------------------

    @functools.cached_property
    def counts(self) -> "Counts":
        """The run's aggregates, queried once per RunDir (a scan of a million-trial table costs
        about a second, so no report, comparison or JUnit section queries them again)."""
        rows = self._db.execute(
            "SELECT cut_mode, count(*), sum(verdict != 'pass') FROM trials GROUP BY 1").fetchall()
        by_mode = {m: (n, f) for m, n, f in sorted(rows, key=lambda r: mode_sort_key(r[0]))}
        checks = [r[0] for r in self._db.execute(
            "SELECT check_name, min(position) FROM checks GROUP BY check_name ORDER BY 2, 1")]
        matrix = {c: {m: 0 for m in by_mode} for c in checks}
        for check, mode, n in self._db.execute(
                "SELECT c.check_name, t.cut_mode, count(*) FROM checks AS c "
                "JOIN trials AS t USING (plan_index) WHERE c.passed = 0 GROUP BY 1, 2"):
            matrix.setdefault(check, {m: 0 for m in by_mode})[mode] = n
        return Counts(by_mode, matrix)

    # --- rows ----------------------------------------------------------------------------

    def trials(self, where: str = "", params: tuple = ()) -> Iterator[Trial]:
        """Trials by plan index, optionally filtered by an SQL condition on the trials table."""
        sql = f"SELECT {_TRIAL_COLUMNS} FROM trials"
        if where:
            sql += f" WHERE {where}"
        sql += " ORDER BY plan_index"
        for row in self._db.execute(sql, params):
            yield _trial(row)

    def execute(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        """Any other query (read only by convention)."""
        return self._db.execute(sql, params)

    # --- aggregates for the report (added for report.html; SQL does the counting) --------

    def failing_cut_points(self) -> int:
        """Distinct flash operations (first cut) among failing trials."""
        return self._db.execute(
            "SELECT count(DISTINCT flash_op) FROM trials "
            "WHERE verdict != 'pass' AND flash_op IS NOT NULL").fetchone()[0]

    def dead_keys(self) -> int:
        """Trials after which the key never answered again, across further power cycles
        (device_returns: "the key is dead: ...", docs/checks.md)."""
        return self._db.execute(
            "SELECT count(*) FROM checks WHERE check_name = 'device_returns' AND passed = 0 "
            "AND reason LIKE 'the key is dead%'").fetchone()[0]

    def failing_offsets(self) -> int:
        """Distinct cut offsets (µs) among failing trials of time-based plans."""
        return self._db.execute(
            "SELECT count(DISTINCT offset_us) FROM trials "
            "WHERE verdict != 'pass' AND offset_us IS NOT NULL").fetchone()[0]

    def failing_trials_with_reasons(self, limit: int) -> list[tuple[Trial, list[tuple[str, str]]]]:
        """The first `limit` failing trials by plan index, each with (check, reason) of every
        check that failed in it, in the order the checks ran. Only these rows are loaded."""
        first = ("plan_index IN (SELECT plan_index FROM trials WHERE verdict != 'pass' "
                 "ORDER BY plan_index LIMIT ?)")
        trials = list(self.trials(first, (limit,)))
        reasons: dict[int, list[tuple[str, str]]] = {t.plan_index: [] for t in trials}
        for index, check, reason in self._db.execute(
                f"SELECT plan_index, check_name, reason FROM checks WHERE passed = 0 AND {first} "
                f"ORDER BY plan_index, position", (limit,)):
            reasons[index].append((check, reason))
        return [(t, reasons[t.plan_index]) for t in trials]

    def flash_op_max(self) -> int | None:
        """Highest first-cut flash operation index recorded (None: no flash-op trials)."""
        return self._db.execute("SELECT max(flash_op) FROM trials").fetchone()[0]

    def crash_map_cells(self, bin_width: int = 1) -> list[tuple[str, int, bool, int, int]]:
        """(cut_mode, column, second_cut, trials, failed) per column of `bin_width` flash
        operations (column = flash_op // bin_width); `second_cut` separates the nested plan's
        depth-2 trials from the depth-1 ones. One row per cell, never one per trial."""
        return [(m, c, bool(s), n, f) for m, c, s, n, f in self._db.execute(
            "SELECT cut_mode, flash_op / ?, second_op IS NOT NULL, count(*), "
            "sum(verdict != 'pass') FROM trials WHERE flash_op IS NOT NULL "
            "GROUP BY 1, 2, 3", (max(1, int(bin_width)),))]

    def histogram(self, column: str,
                  bins: int) -> tuple[int, int, int, list[tuple[int, int, int]]] | None:
        """Counts of an integer column in `bins` equal bins over [min, max], split by verdict.

        Returns (lo, hi, nbins, [(bin, passed, failed)]) with bin b covering
        [lo + b*(hi-lo+1)/nbins, lo + (b+1)*(hi-lo+1)/nbins); None when no row has a value.
        When the column has at most `bins` distinct values spread over at most `bins` units,
        each unit is its own bin. `column` is a trusted column name of the trials table."""
        cond = f"{column} IS NOT NULL"
        lo, hi = self._db.execute(f"SELECT min({column}), max({column}) FROM trials "
                                  f"WHERE {cond}").fetchone()
        if lo is None:
            return None
        span = hi - lo + 1
        nbins = max(1, min(int(bins), span))
        rows = self._db.execute(
            f"SELECT (({column} - ?) * ?) / ?, sum(verdict = 'pass'), sum(verdict != 'pass') "
            f"FROM trials WHERE {cond} GROUP BY 1 ORDER BY 1", (lo, nbins, span)).fetchall()
        return lo, hi, nbins, [(int(b), p, f) for b, p, f in rows]

    def distinct_count(self, column: str) -> int:
        """Distinct non-null values of a trusted column of the trials table."""
        return self._db.execute(f"SELECT count(DISTINCT {column}) FROM trials").fetchone()[0]

    def outcome_by_value(self, column: str) -> list[tuple[int, int, int]]:
        """(value, passed, failed) per distinct value of a trusted integer column."""
        return self._db.execute(
            f"SELECT {column}, sum(verdict = 'pass'), sum(verdict != 'pass') FROM trials "
            f"WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY 1").fetchall()
