"""`python3 -m nk3report`: the command line that nk3rig report/compare/run start.

    python3 -m nk3report render DIR [-o FILE] [--no-junit]
    python3 -m nk3report junit OUT.xml DIR...
    python3 -m nk3report compare BASE_DIR NEW_DIR

Exit status: 0 done (compare: NEW is no worse), 1 compare: NEW is worse, 2 bad input (not a
run directory, an output path that cannot be written) with one line on stderr naming the path,
3 the renderer cannot run (matplotlib or Jinja2 missing: the line names the Debian package).
Bad input never shows a traceback: a traceback means a bug in nk3report.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pathlib
import sqlite3
import sys
from typing import Callable, NoReturn

EXIT_OK, EXIT_WORSE, EXIT_BAD_INPUT, EXIT_CANNOT_RUN = 0, 1, 2, 3

# Debian packages of the libraries the HTML report needs (scripts/bootstrap.sh installs them).
_PACKAGES = {"matplotlib": "python3-matplotlib", "jinja2": "python3-jinja2",
             "numpy": "python3-numpy", "markupsafe": "python3-markupsafe"}


class _Fail(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are exit 2 with one line (argparse's default is also 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see --help)\n")


def _need(*modules: str) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as e:
            raise _Fail(EXIT_CANNOT_RUN,
                        f"cannot import {name} ({e}): install the Debian package "
                        f"{_PACKAGES.get(name, 'python3-' + name)} (apt-get install "
                        f"{_PACKAGES.get(name, 'python3-' + name)}) or point NK3RIG_PYTHON at "
                        f"an interpreter that has it (this is {sys.executable})") from None


def _open_run(path: str):
    from .model import RunDir, RunDirError
    try:
        return RunDir(path)
    except RunDirError as e:
        raise _Fail(EXIT_BAD_INPUT, str(e)) from None


def _output_path(text: str) -> pathlib.Path:
    path = pathlib.Path(text)
    if path.is_dir():
        raise _Fail(EXIT_BAD_INPUT, f"{path}: is a directory (give the report's file name)")
    if not path.parent.is_dir():
        raise _Fail(EXIT_BAD_INPUT, f"{path}: cannot write: directory {path.parent} does not "
                                    f"exist")
    return path


def cmd_render(args: argparse.Namespace) -> int:
    out = _output_path(args.output) if args.output else None
    run = _open_run(args.dir)
    with run:
        _need("jinja2", "markupsafe", "numpy", "matplotlib")
        from .model import write_atomically
        from .render import render_html
        out = out or run.path / "report.html"
        try:
            text = render_html(run)
        except sqlite3.DatabaseError as e:
            raise _Fail(EXIT_BAD_INPUT,
                        f"{run.path / 'results.sqlite'}: cannot read the run ({e})") from None
        try:
            write_atomically(out, text)
        except OSError as e:
            raise _Fail(EXIT_BAD_INPUT, f"{out}: cannot write the report: "
                                        f"{e.strerror or e}") from None
        print(f"nk3report: wrote {out}")
        if not args.no_junit:
            from . import junit
            junit_path = run.path / "junit.xml"
            try:
                junit.write_junit([run], junit_path)
            except OSError as e:
                raise _Fail(EXIT_BAD_INPUT,
                            f"{junit_path}: cannot write: {e.strerror or e} "
                            f"(--no-junit skips it)") from None
            print(f"nk3report: wrote {junit_path}")
    return EXIT_OK


def cmd_junit(args: argparse.Namespace) -> int:
    out = _output_path(args.out)
    from . import junit
    runs = []
    try:
        for d in args.dirs:
            runs.append(_open_run(d))
        try:
            junit.write_junit(runs, out)
        except OSError as e:
            raise _Fail(EXIT_BAD_INPUT, f"{out}: cannot write: {e.strerror or e}") from None
    finally:
        for r in runs:
            r.close()
    print(f"nk3report: wrote {out}")
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from . import compare
    return int(compare.main(args.base, args.new))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nk3report",
                     description="Reports of nk3rig run directories (docs/reports.md).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("render", help="write DIR/report.html (or FILE) and DIR/junit.xml")
    p.add_argument("dir", metavar="DIR", help="run directory (nk3rig run --out)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the HTML report here")
    p.add_argument("--no-junit", action="store_true", help="do not write DIR/junit.xml")
    p.set_defaults(handler=cmd_render)

    p = sub.add_parser("junit", help="one junit.xml for several runs (a nightly suite)")
    p.add_argument("out", metavar="OUT.xml")
    p.add_argument("dirs", metavar="DIR", nargs="+")
    p.set_defaults(handler=cmd_junit)

    p = sub.add_parser("compare", help="exit 0 when NEW_DIR is no worse than BASE_DIR, 1 worse")
    p.add_argument("base", metavar="BASE_DIR")
    p.add_argument("new", metavar="NEW_DIR")
    p.set_defaults(handler=cmd_compare)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except _Fail as e:
        print(f"nk3report {args.command}: {e}", file=sys.stderr)
        return e.status
    except BrokenPipeError:
        # The reader went away (`nk3rig compare A B | head`): not an error of ours. Point
        # stdout at /dev/null so the interpreter's final flush does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
