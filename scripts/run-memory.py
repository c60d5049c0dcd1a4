#!/usr/bin/python3
"""Memory of a long `nk3rig run`: runs it and prints its resident set size (VmRSS, and the peak
VmHWM so far) with the number of trials recorded, at intervals, then the peak at the end.
docs/engine.md ("Memory over a long run") records the figures.

    scripts/run-memory.py [--every SECONDS] [--count N] -- NK3RIG run SCENARIO.yaml [ARGS...]

--count N rewrites a random-plan scenario's `count:` to N (into a copy next to --out) so the
same scenario can be measured at several lengths. The run's own output goes to OUT/run.log.
"""
import argparse
import pathlib
import re
import sqlite3
import subprocess
import sys
import time


def status_kib(pid, field):
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def recorded(out):
    db = pathlib.Path(out) / "results.sqlite"
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        n = con.execute("SELECT count(*) FROM trials").fetchone()[0]
        con.close()
        return n
    except sqlite3.Error:
        return -1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--every", type=float, default=5.0, help="seconds between samples")
    ap.add_argument("--count", type=int, help="random plan: trials (rewrites count:)")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if len(cmd) < 3 or cmd[1] != "run" or "--out" not in cmd:
        ap.error("give: -- NK3RIG run SCENARIO.yaml --out DIR [ARGS...]")
    out = pathlib.Path(cmd[cmd.index("--out") + 1])
    if a.count:
        text = pathlib.Path(cmd[2]).read_text()
        text, n = re.subn(r"(?m)^(\s*count:\s*)\d+", rf"\g<1>{a.count}", text)
        if n != 1:
            ap.error(f"{cmd[2]}: no single `count:` to rewrite")
        copy = out.parent / f"{out.name}-scenario.yaml"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(text)
        cmd[2] = str(copy)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "run.log", "w") as log:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.DEVNULL)
        print(f"{'seconds':>8} {'trials':>8} {'rss_mib':>8} {'peak_mib':>9}", flush=True)
        peak = 0
        while proc.poll() is None:
            time.sleep(a.every)
            rss, hwm = status_kib(proc.pid, "VmRSS"), status_kib(proc.pid, "VmHWM")
            if rss is None or hwm is None:  # the run ended between the two reads
                break
            peak = max(peak, hwm or 0)
            print(f"{time.monotonic() - start:8.0f} {recorded(out):8d} {rss / 1024:8.1f} "
                  f"{hwm / 1024:9.1f}", flush=True)
        rc = proc.wait()
    print(f"exit {rc}; {recorded(out)} trials in {time.monotonic() - start:.0f} s; "
          f"peak RSS while sampled {peak / 1024:.1f} MiB (use /usr/bin/time -v for the exact "
          f"peak)")
    return 0 if rc in (0, 1) else rc


if __name__ == "__main__":
    sys.exit(main())
