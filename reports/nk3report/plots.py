"""The report's plots, drawn with matplotlib and returned as inline SVG text.

Why SVG inline: the report must be one self-contained file, crisp when printed or zoomed, and
its labels searchable (text stays text: svg.fonttype 'none'). Matrices (the crash map) are one
embedded PNG image inside the SVG, never one shape per cut point, so a sweep of thousands of
flash operations stays a few kilobytes.

Why deterministic: the same run must give a byte-identical report.html, so the SVG carries no
date (metadata Date=None) and its element ids come from a fixed hash salt; ids are then
prefixed per figure so that several SVGs inline in one HTML document never share an id.

matplotlib is imported here only (it costs ~0.5 s): the rest of nk3report stays light. Every
function takes plain data prepared from SQL aggregates (render.py) and returns SVG markup.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.cm  # noqa: E402
import matplotlib.colors  # noqa: E402
import matplotlib.dates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap, to_rgba  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .model import mode_label  # noqa: E402

# Okabe-Ito, the colour-blind-safe palette: the verdict colours are blue and vermillion (told
# apart by every common colour vision deficiency, and by lightness in greyscale print).
PASS_COLOUR = "#0072B2"
FAIL_COLOUR = "#D55E00"
MISSING_COLOUR = "#E0E0E0"
MODE_COLOURS = {"before": "#E69F00", "torn": "#56B4E9", "after": "#009E73", "time": "#CC79A7",
                "": "#999999"}
OTHER_MODE_COLOURS = ("#F0E442", "#000000", "#999999")
# Share of failing second cuts (nested): light to dark vermillion; 0 is drawn as a pass.
SHARE_CMAP = LinearSegmentedColormap.from_list("nk3_share", ["#F8D5BC", FAIL_COLOUR, "#5C2600"])

_RC = {
    "svg.hashsalt": "nk3report",   # fixed ids: the same data gives the same file
    "svg.fonttype": "none",        # text stays text: searchable, small
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

FIG_WIDTH = 10.0  # inches; the SVG scales to the page width


def mode_colour(mode: str, i: int = 0) -> str:
    return MODE_COLOURS.get(mode, OTHER_MODE_COLOURS[i % len(OTHER_MODE_COLOURS)])


def _svg(fig, fig_id: str, label: str) -> str:
    """The figure as inline SVG: no XML prolog, no metadata, ids unique to this figure."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None},
                bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r'id="([^"]+)"', rf'id="{fig_id}-\1"', text)
    text = re.sub(r'(xlink:href|href)="#([^"]+)"', rf'\1="#{fig_id}-\2"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{fig_id}-\1)", text)
    # Accessible name; the figcaption next to it explains how to read it.
    label = (label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
             .replace(">", "&gt;"))
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" class="plot" ', 1)


# --- crash map -------------------------------------------------------------------------------

def crash_map(modes: Sequence[str], columns: int, bin_width: int,
              first: dict[tuple[str, int], tuple[int, int]],
              second: dict[tuple[str, int], tuple[int, int]] | None, fig_id: str) -> str:
    """Outcome per (cut mode, flash operation): an image matrix, one row per mode.

    `first[(mode, column)] = (trials, failed)` for the cut at that operation (depth 1);
    `second`, for nested plans only, the same for the second cuts made in the boot after that
    first cut, drawn as a second panel: the share of failing second cuts. A column covers
    `bin_width` operations (1 unless the sweep is wider than the picture)."""
    with plt.rc_context(_RC):
        panels = 2 if second is not None else 1
        height = 1.3 + 0.42 * len(modes) * panels + (0.9 if panels == 2 else 0)
        fig, axes = plt.subplots(panels, 1, figsize=(FIG_WIDTH, height), squeeze=False,
                                 sharex=True)
        extent = ((-0.5, columns - 0.5) if bin_width == 1 else (0, columns * bin_width))
        ops = "flash operation" if bin_width == 1 else f"flash operations ({bin_width} per column)"

        ax = axes[0][0]
        rgba = np.empty((len(modes), columns, 4))
        rgba[:] = to_rgba(MISSING_COLOUR)
        for r, mode in enumerate(modes):
            for c in range(columns):
                n, failed = first.get((mode, c), (0, 0))
                if n:
                    rgba[r, c] = to_rgba(FAIL_COLOUR if failed else PASS_COLOUR)
        _matrix(ax, rgba, modes, extent)
        ax.set_ylabel("cut mode" if panels == 1 else "first cut mode")
        handles = [Patch(color=PASS_COLOUR, label="pass"),
                   Patch(color=FAIL_COLOUR, label="fail" if bin_width == 1 else
                         "fail (at least one trial in the column)"),
                   Patch(color=MISSING_COLOUR, label="not recorded")]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.02), ncol=3,
                  frameon=False, borderaxespad=0)
        if panels == 1:
            ax.set_xlabel(f"{ops} of the operation under test (index from its first)")
            return _svg(fig, fig_id, "Crash map: verdict at each flash operation per cut mode")

        ax.set_title("first cut alone (depth 1)", loc="right", fontsize=10)
        ax2 = axes[1][0]
        rgba = np.empty((len(modes), columns, 4))
        rgba[:] = to_rgba(MISSING_COLOUR)
        for r, mode in enumerate(modes):
            for c in range(columns):
                n, failed = second.get((mode, c), (0, 0))
                if n:
                    rgba[r, c] = (to_rgba(PASS_COLOUR) if failed == 0
                                  else SHARE_CMAP(failed / n))
        _matrix(ax2, rgba, modes, extent)
        ax2.set_ylabel("first cut mode")
        ax2.set_title("then a second cut in the boot after it: share of second cuts that fail",
                      loc="right", fontsize=10)
        ax2.set_xlabel(f"first cut: {ops} of the operation under test (index from its first)")
        sm = matplotlib.cm.ScalarMappable(cmap=SHARE_CMAP,
                                          norm=matplotlib.colors.Normalize(0, 100))
        # In an inset, so that both panels keep the same width and their columns line up.
        bar = fig.colorbar(sm, cax=ax2.inset_axes([1.01, 0.0, 0.015, 1.0]))
        bar.set_label("failing second cuts (%)")
        ax2.legend(handles=[Patch(color=PASS_COLOUR, label="no second cut fails"),
                            Patch(color=MISSING_COLOUR, label="no second cut recorded")],
                   loc="upper left", bbox_to_anchor=(0, -0.55), ncol=2, frameon=False,
                   borderaxespad=0)
        fig.subplots_adjust(hspace=0.55)
        return _svg(fig, fig_id, "Crash map of a nested plan: verdict of each first cut, and "
                                 "share of failing second cuts after it")


def _matrix(ax, rgba: np.ndarray, modes: Sequence[str], extent: tuple[float, float]) -> None:
    ax.imshow(rgba, aspect="auto", interpolation="none",
              extent=(extent[0], extent[1], len(modes) - 0.5, -0.5))
    ax.set_yticks(range(len(modes)), [mode_label(m) for m in modes])
    ax.tick_params(axis="y", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


# --- failures by check -----------------------------------------------------------------------

def failures_by_check(matrix: dict[str, dict[str, int]], modes: Sequence[str],
                      fig_id: str) -> str:
    """Horizontal bars, one per check (in the order they ran), stacked by cut mode."""
    checks = list(matrix)
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(FIG_WIDTH, 1.2 + 0.38 * len(checks)))
        y = np.arange(len(checks))
        left = np.zeros(len(checks))
        for i, mode in enumerate(modes):
            values = np.array([matrix[c].get(mode, 0) for c in checks], dtype=float)
            if not values.any():
                continue
            ax.barh(y, values, left=left, color=mode_colour(mode, i), height=0.6,
                    label=f"cut {mode_label(mode)}")
            left += values
        for yi, total in zip(y, left):
            ax.text(total, yi, f" {int(total)}", va="center", fontsize=9)
        ax.set_yticks(y, checks)
        ax.invert_yaxis()
        ax.set_xlabel("failed trials (a trial failing two checks counts under both)")
        ax.set_xlim(0, max(1.0, left.max()) * 1.12)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.legend(title="cut mode", loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        return _svg(fig, fig_id, "Failures by check, stacked by cut mode")


# --- histograms ------------------------------------------------------------------------------

def outcome_histogram(edges: Sequence[float], passed: Sequence[int], failed: Sequence[int],
                      xlabel: str, label: str, fig_id: str) -> str:
    """Stacked bars of passing and failing trials per bin; `edges` has len(passed)+1 items."""
    edges = np.asarray(edges, dtype=float)
    return _stacked_bars(edges[:-1], np.diff(edges), passed, failed, (edges[0], edges[-1]),
                         xlabel, label, fig_id)


def offset_bars(lefts: Sequence[float], width: float, passed: Sequence[int],
                failed: Sequence[int], xlim: tuple[float, float], xlabel: str, label: str,
                fig_id: str) -> str:
    """Stacked bars of passing and failing trials, one bar per discrete value (an offset)."""
    return _stacked_bars(np.asarray(lefts, dtype=float), np.full(len(lefts), float(width)),
                         passed, failed, xlim, xlabel, label, fig_id)


def _stacked_bars(lefts: np.ndarray, widths: np.ndarray, passed: Sequence[int],
                  failed: Sequence[int], xlim: tuple[float, float], xlabel: str, label: str,
                  fig_id: str) -> str:
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(FIG_WIDTH, 3.2))
        ax.bar(lefts, passed, width=widths, align="edge", color=PASS_COLOUR, label="pass",
               linewidth=0)
        ax.bar(lefts, failed, width=widths, align="edge", bottom=passed, color=FAIL_COLOUR,
               label="fail", linewidth=0)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("trials")
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.set_xlim(*xlim)
        ax.legend(title="verdict", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _svg(fig, fig_id, label)


# --- trend -----------------------------------------------------------------------------------

def trend(started: Sequence[datetime.datetime], failed: Sequence[int],
          rate_percent: Sequence[float], current: int, fig_id: str) -> str:
    """Failed trials (left axis) and failure rate (right axis) per run, by start time."""
    with plt.rc_context({**_RC, "axes.spines.right": True}):
        fig, ax = plt.subplots(figsize=(FIG_WIDTH, 3.4))
        x = [matplotlib.dates.date2num(s) for s in started]
        a = ax.plot(x, failed, "-o", color=FAIL_COLOUR, label="failed trials")
        ax.set_ylabel("failed trials")
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.set_ylim(0, max(1, max(failed)) * 1.15)
        ax2 = ax.twinx()
        b = ax2.plot(x, rate_percent, "--s", color="#000000", markersize=4,
                     label="failure rate (%)")
        ax2.set_ylabel("failure rate (% of trials recorded)")
        ax2.set_ylim(0, min(105.0, max(1.0, max(rate_percent)) * 1.15))
        c = ax.plot([x[current]], [failed[current]], "o", markersize=12, markerfacecolor="none",
                    markeredgecolor="#000000", label="this run")
        locator = matplotlib.dates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(locator))
        if len(set(x)) == 1:
            ax.set_xlim(x[0] - 0.5, x[0] + 0.5)
        ax.set_xlabel("run start time (UTC)")
        ax.legend(handles=a + b + c, loc="upper left", bbox_to_anchor=(1.08, 1.0),
                  frameon=False)
        return _svg(fig, fig_id, "Trend: failed trials and failure rate per run over time")
