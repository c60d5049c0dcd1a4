"""report.html: what ran, the verdict, failures by check and cut mode, plots, failing trials,
and the trend across earlier runs — one self-contained HTML file.

Everything is computed from results.sqlite with SQL aggregates (model.py); only the first
FAILING_ROWS_CAP failing trials and one row per crash-map cell are loaded, so a million-trial
run renders in about the time of a small one and its report stays small. The template
(templates/report.html.j2) is rendered with autoescape on: reasons come from devices and may
hold markup. No date of rendering goes into the file: the same run gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import math
import pathlib

import jinja2
from markupsafe import Markup

from . import trend as trend_mod
from .model import Counts, RunDir, mode_label, parse_time

FAILING_ROWS_CAP = 200       # failing trials listed in the report; the rest: query the files
CRASH_MAP_COLUMNS = 600      # wider sweeps are binned: one column per several flash ops
HISTOGRAM_BINS = 40
OFFSET_VALUES_AS_BARS = 120  # time-sweep offsets drawn one bar each up to this many values

FLASH_PLANS = ("flash-sweep", "nested")
TIME_PLANS = ("time-sweep", "random")

# What a failing check means for someone who uses the key (as nk3rig run's conclusion line,
# harness/engine/summary_table.cpp), phrased to follow "after cuts at ...:".
MEANING = {
    "device_returns": "the key did not come back",
    "credentials_survive": "acknowledged credentials were lost or unusable",
    "signature_valid": "signatures did not verify",
    "counter_monotonic": "the signature counter went back",
    "pin_retries_consumed": "a wrong PIN attempt went uncounted",
    "pin_still_set": "the PIN was lost",
    "no_self_reset": "the key reset itself (new device secret: non-resident credentials such "
                     "as SSH keys are refused)",
    "attestation_present": "the attestation certificate was gone",
    "fs_intact": "the filesystem was damaged",
}


@dataclasses.dataclass
class Figure:
    """One plot section: the SVG, or a note saying why the plot does not apply."""
    id: str
    title: str
    caption: str
    svg: Markup | None = None
    note: str = ""


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _duration(started: str, finished: str) -> str:
    a, b = parse_time(started), parse_time(finished)
    if a is None or b is None:
        return ""
    secs = int((b - a).total_seconds())
    h, rest = divmod(secs, 3600)
    m, s = divmod(rest, 60)
    return f"{h} h {m:02d} min {s:02d} s" if h else (f"{m} min {s:02d} s" if m else f"{s} s")


def expected_trials(info: dict) -> int:
    """Trials this run directory should hold when complete: its shard's share of the plan."""
    size, index, count = int(info["plan_size"]), int(info["shard_index"]), int(info["shard_count"])
    return len(range(index, size, max(1, count)))


# --- sections --------------------------------------------------------------------------------

def status_banner(run: RunDir, trials: int) -> str:
    """Plain words for a run that is not complete (empty for a complete one)."""
    info, expected = run.info, expected_trials(run.info)
    share = f" ({100 * trials / expected:.0f} %)" if expected else ""
    whose = "this shard's" if int(info["shard_count"]) > 1 else "the plan's"
    recorded = f"{trials:,} of {whose} {expected:,} trials are recorded{share}"
    if info["status"] == "interrupted":
        return (f"This run was interrupted: {recorded}. Everything below covers the recorded "
                f"trials only. Continue it with: nk3rig run {info['scenario_file']} "
                f"--out {run.path} --resume")
    if info["status"] == "running":
        return (f"This run is still running, or stopped without finishing (a crash): "
                f"{recorded} so far. Everything below covers the recorded trials only.")
    if trials < expected:
        return f"This run is marked complete but only {recorded}."
    return ""


def verdict_sentence(run: RunDir, counts: Counts) -> str:
    """One sentence built from the data: how many failed, where, and what broke."""
    trials, failed = counts.trials, counts.failed
    so_far = " recorded so far" if run.info["status"] != "complete" else ""
    if trials == 0:
        return "No trial is recorded yet: there is nothing to judge."
    if failed == 0:
        return f"All {trials:,} trials{so_far} passed: the key recovered from every cut."
    plan = run.info["plan"]
    where = ""
    if plan in FLASH_PLANS:
        points = run.failing_cut_points()
        if points:
            first = "first cuts" if plan == "nested" else "cuts"
            where = f" after {first} at {_plural(points, 'flash operation')}"
    elif plan in TIME_PLANS:
        offsets = run.failing_offsets()
        if offsets:
            where = f" after cuts at {_plural(offsets, 'offset')}"
    ranked = sorted(((n, c) for c, n in counts.per_check.items() if n), key=lambda nc: -nc[0])
    what = "; ".join(f"{MEANING.get(c, c)} ({c}: {_plural(n, 'trial')})" for n, c in ranked)
    what = what or "no check names a failure (see the failing trials below)"
    dead = run.dead_keys()
    if dead:
        what += (f"; after {_plural(dead, 'trial')} the key is dead: no answer across further "
                 "power cycles")
    return f"{failed:,} of {trials:,} trials{so_far} failed{where}: {what}."


def what_ran(run: RunDir, trials: int) -> list[tuple[str, str]]:
    info = run.info
    shard = (f"{int(info['shard_index']) + 1} of {info['shard_count']}"
             if int(info["shard_count"]) > 1 else "none (the whole plan)")
    status = {"complete": "complete", "interrupted": "interrupted",
              "running": "running (or stopped without finishing)"}.get(info["status"],
                                                                      info["status"])
    return [
        ("Scenario", f"{info['scenario']} ({info['scenario_file']}, "
                     f"sha256 {info['scenario_sha256'][:16]}…)"),
        ("Target", info["target"]),
        ("Profile and firmware", f"{info['profile']}, firmware {info['firmware']}"),
        ("Seed", str(info["seed"])),
        ("Fault plan", f"{info['plan']}, {int(info['plan_size']):,} trials in the whole plan"),
        ("Shard", shard),
        ("Trials recorded", f"{trials:,} of {expected_trials(info):,}"),
        ("Status", status),
        ("Started", info["started"] or "—"),
        ("Finished", info["finished"] or "— (not finished)"),
        ("Duration", _duration(info["started"], info["finished"]) or "—"),
        ("Host", info["host"]),
        ("Rig version", info["rig_version"]),
        ("Run directory", str(run.path)),
    ]


def failure_table(counts: Counts) -> dict:
    """Checks × cut modes: failed trials per check in each mode, plus totals."""
    modes = counts.modes
    per_check = counts.per_check
    return {
        "modes": [mode_label(m) for m in modes],
        "trials": [counts.by_mode[m][0] for m in modes],
        "trials_total": counts.trials,
        "failed": [counts.by_mode[m][1] for m in modes],
        "failed_total": counts.failed,
        "rows": [(c, [row.get(m, 0) for m in modes], per_check[c])
                 for c, row in counts.matrix.items()],
    }


def failing_rows(run: RunDir) -> list[dict]:
    rows = []
    for t, reasons in run.failing_trials_with_reasons(FAILING_ROWS_CAP):
        where = []
        if t.flash_op is not None:
            where.append(f"flash op {t.flash_op}")
        if t.second_op is not None:
            where.append(f"boot op {t.second_op}")
        if t.offset_us is not None:
            where.append(f"{t.offset_us} µs")
        rows.append({
            "index": t.plan_index, "mode": mode_label(t.cut_mode), "where": ", ".join(where),
            "fault": t.fault,
            "reasons": reasons or [(c, "") for c in t.failing_checks] or [("", t.reason)],
            "replay": t.replay or f"nk3rig replay {run.path} {t.plan_index}",
        })
    return rows


# --- plots -----------------------------------------------------------------------------------

def crash_map_figure(run: RunDir, counts: Counts, plots) -> Figure:
    plan = run.info["plan"]
    title = "Crash map: outcome at every flash operation"
    if plan not in FLASH_PLANS:
        return Figure("crash-map", title, "", note=(
            f"Not drawn: the crash map places cuts at flash operations, which only the "
            f"flash-sweep and nested plans do; this {plan} plan cuts at time offsets "
            f"(see the outcome against cut offset below)."))
    top = run.flash_op_max()
    if top is None:
        return Figure("crash-map", title, "", note="Not drawn: no trial is recorded yet.")
    modes = [m for m in counts.modes if m]
    n_ops = top + 1
    if plan == "flash-sweep" and modes and int(run.info["shard_count"]) == 1:
        n_ops = max(n_ops, math.ceil(int(run.info["plan_size"]) / len(modes)))
    bin_width = max(1, math.ceil(n_ops / CRASH_MAP_COLUMNS))
    columns = math.ceil(n_ops / bin_width)
    first: dict[tuple[str, int], tuple[int, int]] = {}
    second: dict[tuple[str, int], tuple[int, int]] = {}
    for mode, col, is_second, n, failed in run.crash_map_cells(bin_width):
        target = second if is_second else first
        a, b = target.get((mode, col), (0, 0))
        target[(mode, col)] = (a + n, b + failed)
    binned = (f" Each column covers {bin_width} consecutive flash operations (the sweep has "
              f"{n_ops:,}); it is vermillion when any trial in it failed." if bin_width > 1
              else "")
    if plan == "nested":
        caption = ("Top: each first cut alone, by the flash operation of the operation under "
                   "test it hit (x) and its cut mode (rows); blue passed, vermillion failed. "
                   "Bottom: for the same first cut, the share of the second cuts (made at each "
                   "flash operation of the boot that followed) after which a check failed; "
                   "darker is worse, blue means every second cut passed. Grey: nothing "
                   "recorded." + binned)
        svg = plots.crash_map(modes, columns, bin_width, first, second, "fig-crash-map")
    else:
        caption = ("Each cell is one trial: the power was cut at that flash operation of the "
                   "operation under test (x, counted from its first flash operation) in that "
                   "cut mode (rows: before the operation started, torn during it, after it "
                   "completed). Blue: every check passed; vermillion: some check failed; "
                   "grey: not recorded (yet)." + binned + " Replay any cell with nk3rig "
                   "replay DIR INDEX (the failing trials table lists them).")
        svg = plots.crash_map(modes, columns, bin_width, first, None, "fig-crash-map")
    return Figure("crash-map", title, caption, Markup(svg))


def failures_by_check_figure(counts: Counts, plots) -> Figure:
    title = "Failures by check"
    if not counts.matrix:
        return Figure("failures-by-check", title, "", note="Not drawn: no check has run yet.")
    if not counts.failed:
        return Figure("failures-by-check", title, "",
                      note="Not drawn: no check failed in any trial.")
    svg = plots.failures_by_check(counts.matrix, counts.modes, "fig-failures-by-check")
    return Figure("failures-by-check", title,
                  "Failed trials per check (checks in the order they run), split by the cut "
                  "mode of the trial. A trial that fails two checks counts once under each; "
                  "the table above gives the same numbers.", Markup(svg))


def recovery_figure(run: RunDir, plots) -> Figure:
    title = "Recovery time"
    hist = run.histogram("recovery_ns", HISTOGRAM_BINS)
    if hist is None:
        return Figure("recovery", title, "", note="Not drawn: no trial is recorded yet.")
    lo, hi, nbins, rows = hist
    span = hi - lo + 1
    passed, failed = [0] * nbins, [0] * nbins
    for b, p, f in rows:
        passed[b], failed[b] = p, f
    if lo == hi:
        edges = [lo / 1e6 - 0.5, lo / 1e6 + 0.5]
        extra = f" Every trial recovered in {lo / 1e6:g} ms."
    else:
        edges = [(lo + k * span / nbins) / 1e6 for k in range(nbins + 1)]
        extra = f" Range {lo / 1e6:g} to {hi / 1e6:g} ms, {nbins} bins."
    clock = ("simulated time" if run.info["target"].startswith("sim:")
             else "wall-clock time on the bench")
    svg = plots.outcome_histogram(edges, passed, failed,
                                  "recovery time: power back on to the key's first answer (ms)",
                                  "Histogram of recovery times", "fig-recovery")
    return Figure("recovery", title,
                  f"How long the key took, after the power came back, to answer its first "
                  f"request (recovery_ns, {clock}), stacked by "
                  f"verdict. A long tail means slow recovery (a filesystem check or journal "
                  f"replay at boot)." + extra, Markup(svg))


def offset_figure(run: RunDir, plots) -> Figure:
    plan = run.info["plan"]
    title = "Outcome against cut offset"
    if plan not in TIME_PLANS:
        return Figure("offset", title, "", note=(
            f"Not drawn: only time-sweep and random plans cut at a time offset; this {plan} "
            f"plan cuts at flash operations (see the crash map)."))
    anchor = ("the operation's first request" if plan == "random"
              else "the anchor event of each request (request sent or first KEEPALIVE)")
    xlabel = "cut offset after the anchor (µs)" if plan == "time-sweep" else \
        "cut offset after the operation started (µs)"
    distinct = run.distinct_count("offset_us")
    if distinct == 0:
        return Figure("offset", title, "", note="Not drawn: no trial with an offset is recorded.")
    if distinct <= OFFSET_VALUES_AS_BARS:
        values = run.outcome_by_value("offset_us")
        xs = [v for v, _, _ in values]
        gap = min((b - a for a, b in zip(xs, xs[1:])), default=1) or 1
        lefts = [x - gap * 0.4 for x in xs]
        passed = [p for _, p, _ in values]
        failed = [f for _, _, f in values]
        svg = plots.offset_bars(lefts, gap * 0.8, passed, failed,
                                (xs[0] - gap * 0.6, xs[-1] + gap * 0.6), xlabel,
                                "Outcome against cut offset", "fig-offset")
        detail = (f" One bar per offset ({len(xs)} offsets, {gap} µs apart); a bar adds up "
                  f"the trials at that offset over every request of the operation.")
    else:
        lo, hi, nbins, rows = run.histogram("offset_us", 60)
        span = hi - lo + 1
        passed, failed = [0] * nbins, [0] * nbins
        for b, p, f in rows:
            passed[b], failed[b] = p, f
        edges = [lo + k * span / nbins for k in range(nbins + 1)]
        svg = plots.outcome_histogram(edges, passed, failed, xlabel,
                                      "Outcome against cut offset", "fig-offset")
        detail = f" Offsets binned into {nbins} bins of {span / nbins:,.0f} µs."
    return Figure("offset", title,
                  f"Trials by the time of the cut after {anchor}, stacked by verdict: where "
                  f"in time the key is vulnerable." + detail, Markup(svg))


def trend_section(run: RunDir, trials: int, failed: int, plots) -> dict:
    t = trend_mod.collect(run, trials=trials, failed=failed)
    section = {"points": t.points, "skipped": t.skipped, "parent": str(t.parent),
               "figure": None}
    if len(t.points) >= 2:
        current = next(i for i, p in enumerate(t.points) if p.current)
        svg = plots.trend([p.started_at for p in t.points], [p.failed for p in t.points],
                          [p.rate * 100 for p in t.points], current, "fig-trend")
        section["figure"] = Figure(
            "trend", "Trend across runs",
            f"One point per run of {run.info['scenario']} on {run.info['target']} found in "
            f"{t.parent} that started no later than this one (ringed). Vermillion: failed "
            f"trials (left axis); black dashed: the share of recorded trials that failed "
            f"(right axis).", Markup(svg))
    return section


# --- the whole report ------------------------------------------------------------------------

def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(pathlib.Path(__file__).resolve().parent / "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["mode"] = mode_label
    return env


def build_context(run: RunDir) -> dict:
    from . import plots  # matplotlib: imported only when a report is drawn

    counts = run.counts
    trials, failed = counts.trials, counts.failed
    failing = failing_rows(run)
    figures = [crash_map_figure(run, counts, plots), failures_by_check_figure(counts, plots),
               recovery_figure(run, plots), offset_figure(run, plots)]
    info = run.info
    return {
        "title": f"nk3rig report: {info['scenario']} on {info['target']}",
        "info": info,
        "status": info["status"],
        "banner": status_banner(run, trials),
        "verdict": verdict_sentence(run, counts),
        "trials": trials,
        "failed": failed,
        "passed": trials - failed,
        "expected": expected_trials(info),
        "rate": (100 * failed / trials) if trials else 0.0,
        "what_ran": what_ran(run, trials),
        "table": failure_table(counts),
        "figures": figures,
        "failing": failing,
        "failing_more": failed - len(failing),
        "failing_cap": FAILING_ROWS_CAP,
        "trend": trend_section(run, trials, failed, plots),
        "run_dir": str(run.path),
    }


def render_html(run: RunDir) -> str:
    return _environment().get_template("report.html.j2").render(**build_context(run))
