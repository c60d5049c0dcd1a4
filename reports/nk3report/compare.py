"""`nk3rig compare BASE NEW`: did a new firmware (or rig, or scenario revision) make things worse?

Two runs of one scenario are compared at two levels:

- failures per check and cut mode, side by side (counts, and rates when the runs have different
  numbers of trials, e.g. a firmware with more flash operations has a bigger flash sweep);
- cut point by cut point: which cut points newly fail, which newly pass.

A cut point is identified across runs by what the plan asked for: (cut mode, flash op, second
op, time offset), plus an occurrence number `#k` for plans that repeat those fields (the
second-cut modes of a nested plan, the requests of a time sweep). Not by plan index or fault
text: another firmware performs another number of flash operations at other addresses, so plan
indexes shift and fault texts differ, while "the k-th flash operation of the operation under
test" is the natural alignment between builds of one scenario. For time cuts the flash op is
where the cut landed (a result, not part of the plan) and is left out of the key.

NEW is worse when some (cut point, check) fails in NEW and did not fail in BASE: the cut point
passed in BASE, failed only other checks there, or was not in BASE. Totals never decide; see
docs/reports.md for why. Exit status: 0 no worse, 1 worse, 2 bad input.

Memory stays flat: aggregates are SQL, the cut points are joined by SQLite in temporary tables
on disk, and only the listed cut points (at most LIST_LIMIT per list) are kept.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import sys
from collections import Counter
from typing import TextIO

from .model import RunDir, RunDirError, failing_checks, mode_label, mode_sort_key

# Cut points listed per list (newly failing, newly passing, ...); the rest are counted.
LIST_LIMIT = 20

_PROG = "nk3rig compare"

# The cut-point key of every trial, with its occurrence among trials of the same key.
_KEYED_TABLE = """
CREATE TEMP TABLE {name} AS
SELECT plan_index, mode, fop, sop, off,
       row_number() OVER (PARTITION BY mode, fop, sop, off ORDER BY plan_index) - 1 AS occ,
       failed, failing_checks
FROM (SELECT plan_index, cut_mode AS mode,
             CASE WHEN cut_mode = 'time' THEN NULL ELSE flash_op END AS fop,
             second_op AS sop, offset_us AS off,
             verdict != 'pass' AS failed, failing_checks
      FROM {schema}.trials)
"""

_SAME_POINT = ("b.mode = n.mode AND b.fop IS n.fop AND b.sop IS n.sop AND b.off IS n.off "
               "AND b.occ = n.occ")


class CompareError(ValueError):
    """The two runs cannot be compared (bad input: exit status 2)."""


@dataclasses.dataclass(frozen=True)
class CutPoint:
    mode: str
    flash_op: int | None
    second_op: int | None
    offset_us: int | None
    occurrence: int

    def label(self) -> str:
        if self.mode == "time":
            text = f"time {self.offset_us:+d} us" if self.offset_us is not None else "time"
        elif self.mode == "":
            text = "no cut"
        else:
            text = f"flash op {self.flash_op} {self.mode}"
            if self.second_op is not None:
                text += f", then boot op {self.second_op}"
            if self.offset_us is not None:
                text += f" {self.offset_us:+d} us"
        if self.occurrence:
            text += f" #{self.occurrence + 1}"
        return text


@dataclasses.dataclass
class PointChange:
    point: CutPoint
    base_index: int | None  # plan index in BASE, None when the point is not in BASE
    new_index: int | None
    base_checks: tuple[str, ...]  # failing checks; () when passed or absent
    new_checks: tuple[str, ...]


@dataclasses.dataclass
class PointList:
    """A capped list of cut points with its full count."""
    title: str
    absent_label: str = ""  # what a point missing from the other run is called
    count: int = 0
    shown: list[PointChange] = dataclasses.field(default_factory=list)
    absent: int = 0  # points missing from the other run
    by_check: Counter = dataclasses.field(default_factory=Counter)  # checks that changed

    def add(self, change: PointChange, changed_checks: list[str] | tuple[str, ...] = (),
            absent: bool = False) -> None:
        self.count += 1
        self.absent += absent
        self.by_check.update(changed_checks)
        if len(self.shown) < LIST_LIMIT:
            self.shown.append(change)

    def detail(self) -> str:
        parts = []
        if self.absent:
            parts.append(f"{self.absent} {self.absent_label}")
        if self.by_check:
            parts.append("by check: " + ", ".join(
                f"{c} {n}" for c, n in self.by_check.most_common()))
        return f" ({'; '.join(parts)})" if parts else ""


@dataclasses.dataclass
class PointDiff:
    in_both: int = 0
    only_base: int = 0
    only_new: int = 0
    newly_failing: PointList = dataclasses.field(
        default_factory=lambda: PointList("newly failing (passed in BASE, or not in it)",
                                          "not in BASE"))
    further_checks: PointList = dataclasses.field(
        default_factory=lambda: PointList("failing in both, and failing further checks in NEW"))
    newly_passing: PointList = dataclasses.field(
        default_factory=lambda: PointList("newly passing (failed in BASE)"))
    fewer_checks: PointList = dataclasses.field(
        default_factory=lambda: PointList("failing in both, with fewer failing checks in NEW"))
    gone: PointList = dataclasses.field(
        default_factory=lambda: PointList("failed in BASE, not in NEW"))
    # check -> cut points where it fails in NEW and did not in BASE
    new_check_failures: Counter = dataclasses.field(default_factory=Counter)

    @property
    def worse(self) -> bool:
        return self.newly_failing.count > 0 or self.further_checks.count > 0


# --- input checks ----------------------------------------------------------------------------

def check_comparable(base: RunDir, new: RunDir) -> list[str]:
    """Raises CompareError when the runs cannot be compared; returns warnings otherwise."""
    for field in ("scenario", "plan"):
        b, n = base.info.get(field), new.info.get(field)
        if b != n:
            raise CompareError(
                f"cannot compare {base.path} and {new.path}: run.{field} differs ({b!r} in "
                f"BASE, {n!r} in NEW); compare two runs of one scenario and fault plan")
    warnings = []
    if base.info.get("scenario_sha256") != new.info.get("scenario_sha256"):
        warnings.append("the scenario file changed between the runs (scenario_sha256 differs): "
                        "the operation, checks or plan may differ")
    if base.info.get("seed") != new.info.get("seed"):
        warnings.append(f"the seeds differ ({base.info.get('seed')} in BASE, "
                        f"{new.info.get('seed')} in NEW): torn cuts tear differently")
    for name, run in (("BASE", base), ("NEW", new)):
        status = run.info.get("status")
        if status != "complete":
            consequence = ("a cut point that fails in NEW and that BASE did not record "
                           "counts as newly failing" if name == "BASE" else
                           "cut points NEW did not record are not judged")
            warnings.append(f"{name} is {status}: only the {run.counts.trials} of "
                            f"{run.info.get('plan_size')} trials it recorded are compared; "
                            f"{consequence}")
        if int(run.info.get("shard_count") or 1) > 1:
            warnings.append(f"{name} is shard {int(run.info['shard_index']) + 1} of "
                            f"{run.info['shard_count']}: it holds only its slice of the plan")
    return warnings


# --- the cut-point join ----------------------------------------------------------------------

def diff_cut_points(base: RunDir, new: RunDir) -> PointDiff:
    """Joins the two runs' trials on their cut point, in SQLite (temporary tables on disk)."""
    diff = PointDiff()
    if base.info.get("status") != "complete":
        diff.newly_failing.absent_label = "not recorded in BASE (BASE is incomplete)"
    if new.info.get("status") != "complete":
        diff.gone.title = "failed in BASE, not recorded in NEW (NEW is incomplete)"
    db = sqlite3.connect(":memory:")
    try:
        db.execute("PRAGMA temp_store = FILE")
        db.execute("ATTACH DATABASE ? AS base_run", (str(base.path / "results.sqlite"),))
        db.execute("ATTACH DATABASE ? AS new_run", (str(new.path / "results.sqlite"),))
        for name, schema in (("kb", "base_run"), ("kn", "new_run")):
            db.execute(_KEYED_TABLE.format(name=name, schema=schema))
            db.execute(f"CREATE INDEX temp.{name}_key ON {name} (mode, fop, sop, off, occ)")

        diff.only_base, diff.only_new, diff.in_both = db.execute(
            f"SELECT (SELECT count(*) FROM kb AS b WHERE NOT EXISTS "
            f"          (SELECT 1 FROM kn AS n WHERE {_SAME_POINT})), "
            f"       (SELECT count(*) FROM kn AS n WHERE NOT EXISTS "
            f"          (SELECT 1 FROM kb AS b WHERE {_SAME_POINT})), "
            f"       (SELECT count(*) FROM kn AS n JOIN kb AS b ON {_SAME_POINT})").fetchone()

        # Every cut point that fails in NEW or in BASE, in NEW's plan order.
        for row in db.execute(
                f"SELECT n.mode, n.fop, n.sop, n.off, n.occ, b.plan_index, n.plan_index, "
                f"       b.failed, n.failed, b.failing_checks, n.failing_checks "
                f"FROM kn AS n LEFT JOIN kb AS b ON {_SAME_POINT} "
                f"WHERE n.failed OR b.failed ORDER BY n.plan_index"):
            point = CutPoint(*row[:5])
            b_index, n_index, b_failed, n_failed = row[5:9]
            b_checks = failing_checks(row[9]) if b_failed else ()
            n_checks = failing_checks(row[10]) if n_failed else ()
            change = PointChange(point, b_index, n_index, b_checks, n_checks)
            added = [c for c in n_checks if c not in b_checks]
            removed = [c for c in b_checks if c not in n_checks]
            diff.new_check_failures.update(added)
            if n_failed and not b_failed:
                diff.newly_failing.add(change, added, absent=b_index is None)
            elif b_failed and not n_failed:
                diff.newly_passing.add(change, removed)
            elif added:
                diff.further_checks.add(change, added)
            elif removed:
                diff.fewer_checks.add(change, removed)

        for row in db.execute(
                f"SELECT b.mode, b.fop, b.sop, b.off, b.occ, b.plan_index, b.failing_checks "
                f"FROM kb AS b WHERE b.failed AND NOT EXISTS "
                f"  (SELECT 1 FROM kn AS n WHERE {_SAME_POINT}) ORDER BY b.plan_index"):
            checks = failing_checks(row[6])
            diff.gone.add(PointChange(CutPoint(*row[:5]), row[5], None, checks, ()), checks)
    finally:
        db.close()
    return diff


# --- printing --------------------------------------------------------------------------------

def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def failure_table(base: RunDir, new: RunDir, rates: bool) -> list[str]:
    """Failed trials per check and cut mode: BASE, NEW and delta for each mode and in total.
    With rates=True the cells are per cent of the mode's trials (delta in percentage points)."""
    b_counts, n_counts = base.counts, new.counts
    modes = sorted(set(b_counts.modes) | set(n_counts.modes), key=mode_sort_key)
    checks = b_counts.checks + [c for c in n_counts.checks if c not in b_counts.checks]
    trials = (b_counts.trials_by_mode, n_counts.trials_by_mode)
    columns = modes + ["total"]

    def count(table: dict, mode: str) -> int:
        return sum(table.values()) if mode == "total" else table.get(mode, 0)

    def cells(values: tuple[dict, dict], as_rate: bool) -> list[str]:
        out = []
        for mode in columns:
            b, n = count(values[0], mode), count(values[1], mode)
            if not as_rate:
                out += [str(b), str(n), _signed(n - b)]
                continue
            tb, tn = count(trials[0], mode), count(trials[1], mode)
            rb = 100.0 * b / tb if tb else None
            rn = 100.0 * n / tn if tn else None
            delta = "-" if rb is None or rn is None else (
                f"{rn - rb:+.1f}" if round(rn - rb, 1) else "0")
            out += ["-" if rb is None else f"{rb:.1f}%", "-" if rn is None else f"{rn:.1f}%",
                    delta]
        return out

    matrix = (b_counts.matrix, n_counts.matrix)
    rows = [["failed trials"] + ["BASE", "NEW", "delta"] * len(columns),
            ["(trials)"] + cells(trials, False),
            ["(failed trials)"] + cells((b_counts.failed_by_mode, n_counts.failed_by_mode), rates)]
    for check in checks:
        rows.append([check] + cells((matrix[0].get(check, {}), matrix[1].get(check, {})), rates))

    # Right-aligned columns; each cut mode's name centred over its BASE/NEW/delta group.
    first = max(len(r[0]) for r in rows)
    widths = [max(len(r[i]) for r in rows) for i in range(1, len(rows[0]))]
    head = " " * first
    for k, mode in enumerate(columns):
        span = sum(widths[3 * k:3 * k + 3]) + 2 * 2
        head += "  " + mode_label(mode).center(span, "-" if span > len(mode) + 2 else " ")
    lines = [head.rstrip()]
    for r in rows:
        cells_ = [r[0].ljust(first)] + [c.rjust(w) for c, w in zip(r[1:], widths)]
        lines.append("  ".join(cells_).rstrip())
    return lines


def _trial_text(run: RunDir, plan_index: int | None) -> tuple[str, str]:
    """(fault, replay) of one trial (device bytes in fault texts come decoded leniently)."""
    row = run.execute("SELECT fault, replay FROM trials WHERE plan_index = ?",
                      (plan_index,)).fetchone()
    if row is None:
        return ("", "")
    return (row[0] or "", row[1] or "")


def _print_list(lst: PointList, base: RunDir, new: RunDir, out: TextIO, side: str) -> None:
    """One list of cut points: the point, its failing checks in BASE -> NEW, and the trial of
    `side` (the run where it fails) with its fault text and replay command."""
    if not lst.count:
        return
    print(f"\n{lst.title}: {lst.count} cut point(s){lst.detail()}", file=out)
    for change in lst.shown:
        before = ", ".join(change.base_checks) or ("pass" if change.base_index is not None
                                                   else "not in BASE")
        after = ", ".join(change.new_checks) or ("pass" if change.new_index is not None
                                                 else "not in NEW")
        print(f"  {change.point.label()}: {before} -> {after}", file=out)
        run, index = (new, change.new_index) if side == "NEW" else (base, change.base_index)
        fault, replay = _trial_text(run, index)
        print(f"      {side} trial {index}: {fault}", file=out)
        if replay:
            print(f"      {replay}", file=out)
    if lst.count > len(lst.shown):
        print(f"  and {lst.count - len(lst.shown)} more (trials.csv of {side} lists every "
              f"trial)", file=out)


def _describe(name: str, run: RunDir) -> str:
    i = run.info
    return (f"{name:<4}  {run.path}: {i.get('scenario')} on {i.get('target')}, firmware "
            f"{i.get('firmware')}, started {i.get('started') or '?'}, {run.counts.trials} of "
            f"{i.get('plan_size')} trials, {run.counts.failed} failed, {i.get('status')}")


def _conclusion(diff: PointDiff, base: RunDir, new: RunDir) -> str:
    partial = ""
    if new.info.get("status") != "complete" or base.info.get("status") != "complete":
        partial = (f" (on the trials recorded: BASE {base.counts.trials} of "
                   f"{base.info.get('plan_size')}, NEW {new.counts.trials} of "
                   f"{new.info.get('plan_size')})")
    if diff.worse:
        checks = ", ".join(f"{c} {n}" for c, n in diff.new_check_failures.most_common())
        return (f"NEW is worse: {diff.newly_failing.count} cut point(s) fail in NEW that passed "
                f"in BASE or were not in it and {diff.further_checks.count} fail further "
                f"checks than in BASE (new failures by check: {checks}){partial}.")
    delta = new.counts.failed - base.counts.failed
    return (f"NEW is no worse: no cut point fails a check in NEW that it did not fail in BASE; "
            f"{diff.newly_passing.count} cut point(s) newly pass, failed trials "
            f"{base.counts.failed} -> {new.counts.failed} ({_signed(delta)}){partial}.")


def compare(base: RunDir, new: RunDir, out: TextIO) -> int:
    """Prints the comparison of two opened runs; returns 0 (no worse) or 1 (worse).
    Raises CompareError when they cannot be compared."""
    warnings = check_comparable(base, new)
    print(f"nk3rig compare: {base.info.get('scenario')} ({base.info.get('plan')})", file=out)
    print(_describe("BASE", base), file=out)
    print(_describe("NEW", new), file=out)
    for w in warnings:
        print(f"warning: {w}", file=out)

    print("", file=out)
    for line in failure_table(base, new, rates=False):
        print(line, file=out)
    if base.counts.trials_by_mode != new.counts.trials_by_mode:
        print("\nthe runs have different numbers of trials; as rates:", file=out)
        for line in failure_table(base, new, rates=True):
            print(line, file=out)

    diff = diff_cut_points(base, new)
    print(f"\ncut points (cut mode, flash op, second op, time offset, #occurrence): "
          f"{diff.in_both} in both runs, {diff.only_new} only in NEW, {diff.only_base} only "
          f"in BASE", file=out)
    _print_list(diff.newly_failing, base, new, out, "NEW")
    _print_list(diff.further_checks, base, new, out, "NEW")
    _print_list(diff.newly_passing, base, new, out, "BASE")
    _print_list(diff.fewer_checks, base, new, out, "NEW")
    _print_list(diff.gone, base, new, out, "BASE")
    print(f"\n{_conclusion(diff, base, new)}", file=out)
    return 1 if diff.worse else 0


def main(base: str, new: str, out: TextIO | None = None) -> int:
    """`nk3rig compare BASE NEW`: 0 NEW is no worse, 1 NEW is worse, 2 bad input (the reason,
    naming the directory and the field, goes to stderr). `out` defaults to the sys.stdout of
    the moment of the call (not of import), so captured output works."""
    out = sys.stdout if out is None else out
    try:
        with RunDir(base) as b, RunDir(new) as n:
            return compare(b, n, out)
    except (RunDirError, CompareError) as e:
        print(f"{_PROG}: {e}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as e:
        # A store that opened but cannot be read through (damaged tables): bad input, no
        # traceback.
        print(f"{_PROG}: cannot read the results.sqlite of {base} or {new}: {e}",
              file=sys.stderr)
        return 2
