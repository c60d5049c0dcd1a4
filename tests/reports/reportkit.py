"""Helpers of the report tests: run `python3 -m nk3report`, copy and alter a run directory with
sqlite3, read tables and elements out of report.html with the standard library's parser.

A module of its own (not conftest.py) so that `from reportkit import ...` is unambiguous when
pytest collects tests/e2e and tests/reports together (each has a conftest.py)."""

from __future__ import annotations

import html.parser
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
DATA = pathlib.Path(__file__).resolve().parent / "data"

# The plot colours (reports/nk3report/plots.py), as RGB 0..1.
PASS_RGB = (0x00 / 255, 0x72 / 255, 0xB2 / 255)
FAIL_RGB = (0xD5 / 255, 0x5E / 255, 0x00 / 255)


def report_env(extra_path: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (extra_path, str(REPORTS)) if p)
    return env


def nk3report(*args, extra_path: str | None = None) -> subprocess.CompletedProcess:
    """`python3 -m nk3report ARGS` with this interpreter (Debian's, as nk3rig uses)."""
    return subprocess.run([sys.executable, "-m", "nk3report", *map(str, args)],
                          capture_output=True, text=True, timeout=300,
                          env=report_env(extra_path))


def render(run_dir: pathlib.Path, *extra) -> str:
    """Render DIR/report.html (or -o) and return the HTML; fails the test on a non-zero exit."""
    proc = nk3report("render", run_dir, *extra)
    assert proc.returncode == 0, f"render exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    out = pathlib.Path(extra[extra.index("-o") + 1]) if "-o" in extra else run_dir / "report.html"
    return out.read_text(encoding="utf-8")


def copy_run(src: pathlib.Path, dst: pathlib.Path) -> pathlib.Path:
    """A copy of a run directory (without any report rendered into the original)."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("report.html", "junit.xml"))
    return dst


def sql(run_dir: pathlib.Path, statement: str, params: tuple = ()) -> list[tuple]:
    """One statement on DIR/results.sqlite (committed); returns its rows."""
    db = sqlite3.connect(run_dir / "results.sqlite")
    try:
        rows = db.execute(statement, params).fetchall()
        db.commit()
        return rows
    finally:
        db.close()


def multiply_run(run_dir: pathlib.Path, copies: int) -> int:
    """Grow a run in place to `copies` times its trials by copying its rows with SQL: plan
    indexes and flash operations shifted past the original's, so the sweep gets wider (a
    synthetic long sweep). Returns the new number of trials."""
    db = sqlite3.connect(run_dir / "results.sqlite")
    try:
        # A test copy: no durability needed. Rows are inserted in key order (k outer: CROSS
        # JOIN keeps the join order), which keeps 600,000 check rows under a second.
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = OFF")
        n, ops = db.execute(
            "SELECT count(*), coalesce(max(flash_op), 0) + 1 FROM trials").fetchone()
        db.execute("CREATE TEMP TABLE k (n INTEGER)")
        db.executemany("INSERT INTO k VALUES (?)", [(i,) for i in range(1, copies)])
        db.execute("CREATE TEMP TABLE t0 AS SELECT * FROM trials")
        db.execute("CREATE TEMP TABLE c0 AS SELECT * FROM checks")
        db.execute(
            "INSERT INTO trials SELECT plan_index + n * ?, plan, fault, cut_mode, "
            "flash_op + n * ?, second_op, op_kind, offset_us, sim_time_ns, verdict, "
            "failing_checks, reason, recovery_ns, duration_us, replay FROM k CROSS JOIN t0",
            (n, ops))
        db.execute("INSERT INTO checks SELECT plan_index + n * ?, position, check_name, passed, "
                   "reason FROM k CROSS JOIN c0", (n,))
        db.execute("UPDATE run SET plan_size = (SELECT count(*) FROM trials)")
        db.commit()
        return db.execute("SELECT count(*) FROM trials").fetchone()[0]
    finally:
        db.close()


# --- HTML reading (stdlib only: the tests check the file, not our own parser's idea of it) ---

class _Tables(html.parser.HTMLParser):
    """Collects the rows of every <table id=...>: each row a list of cell texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "id" in a:
            self._table = a["id"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(text: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(text)
    return parser.tables


def element_text(text: str, element_id: str) -> str:
    """The text content of the element with this id (whitespace collapsed)."""

    class _P(html.parser.HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.depth = 0
            self.parts: list[str] = []

        def handle_starttag(self, tag, attrs):
            if self.depth:
                self.depth += 1
            elif dict(attrs).get("id") == element_id:
                self.depth = 1

        def handle_endtag(self, tag):
            if self.depth:
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                self.parts.append(data)

    p = _P()
    p.feed(text)
    return " ".join("".join(p.parts).split())
