"""report.html from real runs: the numbers equal the database's (computed here with SQL of our
own, not with nk3report), the plots are there and say what they show, failing trials carry their
reasons and replay commands, device text is escaped, incomplete runs say so, bad input is a
one-line exit 2, and the same run renders to the same bytes."""

from __future__ import annotations

import base64
import io
import pathlib
import re
import subprocess

import pytest
from reportkit import (FAIL_RGB, PASS_RGB, ROOT, copy_run, element_text, html_tables,
                      multiply_run, nk3report, render, sql)

SVG = re.compile(r"<svg\b")


def figure(text: str, fig_id: str) -> str:
    """The <figure id=fig_id>…</figure> markup ('' when absent)."""
    start = text.find(f'<figure id="{fig_id}"')
    return "" if start < 0 else text[start:text.index("</figure>", start) + len("</figure>")]


def checks_by_mode_from_db(run: pathlib.Path) -> dict[str, dict[str, int]]:
    rows = sql(run, "SELECT c.check_name, t.cut_mode, count(*) FROM checks c "
                    "JOIN trials t ON t.plan_index = c.plan_index WHERE c.passed = 0 "
                    "GROUP BY 1, 2")
    out: dict[str, dict[str, int]] = {}
    for check, mode, n in rows:
        out.setdefault(check, {})[mode or "none"] = n
    return out


# --- content -----------------------------------------------------------------------------------

def test_render_writes_report_and_junit_into_the_run(pin_bad, tmp_path):
    run = copy_run(pin_bad, tmp_path / "pin")
    proc = nk3report("render", run)
    assert proc.returncode == 0, proc.stderr
    assert (run / "report.html").stat().st_size > 10_000
    assert (run / "junit.xml").is_file(), proc.stdout + proc.stderr
    assert not (run / "report.html.tmp").exists()
    assert nk3report("render", copy_run(pin_bad, tmp_path / "b"), "--no-junit").returncode == 0
    assert not (tmp_path / "b" / "junit.xml").exists()


def test_checks_by_mode_table_equals_the_database(pin_bad, pin_report):
    table = html_tables(pin_report)["failures"]
    header, body = table[0], table[1:]
    assert header[0] == "check" and header[-1] == "total"
    modes = header[1:-1]
    assert modes == ["before", "torn", "after"]
    rows = {r[0]: r[1:] for r in body}

    expected = checks_by_mode_from_db(pin_bad)
    checks = [c for (c,) in sql(pin_bad, "SELECT DISTINCT check_name FROM checks")]
    assert set(rows) == set(checks) | {"(trials)", "(failed trials)"}
    for check in checks:
        counts = [int(v) for v in rows[check]]
        want = [expected.get(check, {}).get(m, 0) for m in modes]
        assert counts[:-1] == want, check
        assert counts[-1] == sum(want), check
    per_mode = dict(sql(pin_bad, "SELECT cut_mode, count(*) FROM trials GROUP BY 1"))
    assert [int(v) for v in rows["(trials)"]] == [per_mode[m] for m in modes] + [108]
    failed = dict(sql(pin_bad, "SELECT cut_mode, count(*) FROM trials WHERE verdict = 'fail' "
                               "GROUP BY 1"))
    assert [int(v) for v in rows["(failed trials)"]] == \
        [failed.get(m, 0) for m in modes] + [sum(failed.values())]
    # The run really has failures in this table (so the comparison above means something).
    assert int(rows["pin_retries_consumed"][-1]) > 50


def test_verdict_sentence_is_built_from_the_data(pin_bad, pin_report):
    verdict = element_text(pin_report, "verdict")
    (total,), = sql(pin_bad, "SELECT count(*) FROM trials")
    (failed,), = sql(pin_bad, "SELECT count(*) FROM trials WHERE verdict != 'pass'")
    (points,), = sql(pin_bad, "SELECT count(DISTINCT flash_op) FROM trials "
                              "WHERE verdict != 'pass'")
    assert verdict.startswith(f"{failed} of {total} trials failed after cuts at {points} flash "
                              f"operations: "), verdict
    for check, n in sql(pin_bad, "SELECT check_name, count(*) FROM checks WHERE passed = 0 "
                                 "GROUP BY 1"):
        assert f"({check}: {n} trials)" in verdict
    assert "a wrong PIN attempt went uncounted" in verdict
    # The verdict comes before every other section.
    assert pin_report.index('id="verdict"') < pin_report.index('id="what-ran"')


def test_verdict_says_when_the_key_is_dead(tmp_path, seed_xn):
    """A trial whose key never answered again (device_returns: "the key is dead: ...") is
    counted in the verdict in plain words."""
    from _runs import fail_trial
    run = copy_run(seed_xn, tmp_path / "dead")
    fail_trial(run, 3, "device_returns",
               "the key is dead: no answer after power came back: open: FIDO_ERR_RX, nor after "
               "3 more power cycles")
    fail_trial(run, 4, "device_returns", "no answer after power came back: x; it answered "
               "after 1 more power cycle")
    verdict = element_text(render(run), "verdict")
    assert verdict.endswith("; after 1 trial the key is dead: no answer across further power "
                            "cycles."), verdict
    assert "the key is dead" not in element_text(render(seed_xn), "verdict")


def test_what_ran_lists_the_run(pin_bad, pin_report):
    rows = {r[0]: r[1] for r in html_tables(pin_report)["run-info"]}
    run = dict(zip(("scenario", "scenario_file", "target", "profile", "firmware", "seed", "plan",
                    "plan_size", "rig_version", "host", "started", "finished"),
                   sql(pin_bad, "SELECT scenario, scenario_file, target, profile, firmware, "
                                "seed, plan, plan_size, rig_version, host, started, finished "
                                "FROM run")[0]))
    assert rows["Scenario"].startswith(f"{run['scenario']} ({run['scenario_file']}, sha256 ")
    assert rows["Target"] == run["target"]
    assert rows["Profile and firmware"] == f"{run['profile']}, firmware {run['firmware']}"
    assert rows["Seed"] == run["seed"]
    assert rows["Fault plan"] == f"{run['plan']}, {run['plan_size']} trials in the whole plan"
    assert rows["Shard"] == "none (the whole plan)"
    assert rows["Trials recorded"] == "108 of 108"
    assert rows["Status"] == "complete"
    assert (rows["Started"], rows["Finished"]) == (run["started"], run["finished"])
    assert re.fullmatch(r"\d+ s|\d+ min \d\d s", rows["Duration"]), rows["Duration"]
    assert (rows["Host"], rows["Rig version"]) == (run["host"], run["rig_version"])


def test_plots_of_a_flash_sweep(pin_report):
    # crash map, failures by check, recovery time; no offset plot (with a note), no trend.
    assert len(SVG.findall(pin_report)) == 3
    for fig_id, words in (("crash-map", "cut at that flash operation"),
                          ("failures-by-check", "Failed trials per check"),
                          ("recovery", "power came back")):
        fig = figure(pin_report, fig_id)
        assert SVG.search(fig), fig_id
        caption = fig[fig.index("<figcaption>"):]
        assert words in caption, fig_id
        assert 'role="img"' in fig and "aria-label=" in fig
    assert not figure(pin_report, "offset")
    assert "only time-sweep and random plans" in element_text(pin_report, "offset-omitted")
    assert "No earlier run" in element_text(pin_report, "trend-omitted")
    # Axis labels with units, legends.
    assert "(ms)" in figure(pin_report, "recovery")
    assert ">pass<" in figure(pin_report, "crash-map") and ">fail<" in figure(pin_report,
                                                                               "crash-map")


def test_crash_map_pixels_are_the_verdicts(pin_bad, pin_report):
    """The crash map's image matrix, decoded: one pixel per (cut mode, flash op), its colour
    the verdict of exactly that trial in the database."""
    import matplotlib.image as mimage
    import numpy as np

    fig = figure(pin_report, "crash-map")
    images = re.findall(r'data:image/png;base64,([A-Za-z0-9+/=\s]+)"', fig)
    assert len(images) == 1
    pixels = mimage.imread(io.BytesIO(base64.b64decode("".join(images[0].split()))))
    (ops,), = sql(pin_bad, "SELECT max(flash_op) + 1 FROM trials")
    assert pixels.shape[:2] == (3, ops)
    modes = ["before", "torn", "after"]
    seen = {"pass": 0, "fail": 0}
    for mode, op, verdict in sql(pin_bad, "SELECT cut_mode, flash_op, verdict FROM trials"):
        want = FAIL_RGB if verdict == "fail" else PASS_RGB
        assert np.allclose(pixels[modes.index(mode), op, :3], want, atol=0.01), (mode, op)
        seen[verdict] += 1
    assert seen["pass"] and seen["fail"]


def test_failing_trials_carry_every_reason_and_the_replay(pin_bad, pin_report):
    table = html_tables(pin_report)["failing-trials"]
    header, rows = table[0], table[1:]
    assert header[0] == "trial" and header[-1] == "replay"
    db_rows = sql(pin_bad, "SELECT plan_index, replay FROM trials WHERE verdict != 'pass' "
                           "ORDER BY plan_index")
    assert len(rows) == len(db_rows) == 104
    for row, (index, replay) in zip(rows, db_rows):
        assert int(row[0]) == index
        assert row[-1] == replay and replay.startswith("nk3rig replay ")
        for check, reason in sql(pin_bad, "SELECT check_name, reason FROM checks WHERE "
                                          "plan_index = ? AND passed = 0", (index,)):
            assert f"{check}: {' '.join(reason.split())}" in row[-2]
    assert 'id="failing-more"' not in pin_report


def test_time_sweep_draws_outcome_against_offset(time_run, tmp_path):
    text = render(copy_run(time_run, tmp_path / "time"))
    fig = figure(text, "offset")
    assert SVG.search(fig)
    assert "cut offset after the anchor (µs)" in fig
    assert not figure(text, "crash-map")
    assert "this time-sweep plan cuts at time offsets" in element_text(text, "crash-map-omitted")
    (offsets,), = sql(time_run, "SELECT count(DISTINCT offset_us) FROM trials "
                                "WHERE verdict != 'pass'")
    assert f"after cuts at {offsets} offsets" in element_text(text, "verdict")


def test_nested_crash_map_has_the_second_cut_panel(nested_run, tmp_path):
    text = render(copy_run(nested_run, tmp_path / "nested"))
    fig = figure(text, "crash-map")
    assert "share of second cuts that fail" in fig
    assert "failing second cuts (%)" in fig
    # Two matrices and the colour bar: images, not a patch per cut.
    assert len(re.findall(r"data:image/png", fig)) == 3
    assert fig.count("<path") < 200
    assert "after first cuts at" in element_text(text, "verdict")


def test_all_passing_run(seed_xn, tmp_path):
    text = render(copy_run(seed_xn, tmp_path / "xn"))
    (n,), = sql(seed_xn, "SELECT count(*) FROM trials")
    assert element_text(text, "verdict") == \
        f"All {n} trials passed: the key recovered from every cut."
    assert "no check failed" in element_text(text, "failures-by-check-omitted")
    assert element_text(text, "failing-none") == "No trial failed."
    assert 'class="verdict failed"' not in text


# --- escaping, incomplete runs ------------------------------------------------------------

def test_device_text_is_escaped(pin_bad, tmp_path):
    run = copy_run(pin_bad, tmp_path / "evil")
    evil = "<script>alert('x')</script> & <b>bold</b>"
    sql(run, "INSERT INTO trials VALUES (1000, 'flash-sweep', ?, 'torn', 3, NULL, 'program', "
             "NULL, 0, 'fail', 'fs_intact', ?, 0, 0, ?)",
        (f"flash op 3 torn {evil}", f"fs_intact: {evil}", f"nk3rig replay {run} 1000"))
    sql(run, "INSERT INTO checks VALUES (1000, 0, 'fs_intact', 0, ?)", (evil,))
    text = render(run)
    assert "<script" not in text
    assert "<b>bold</b>" not in text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in text
    row = [r for r in html_tables(text)["failing-trials"] if r[0] == "1000"]
    assert row and f"fs_intact: {evil}" in row[0][-2]


def test_reason_that_is_not_utf8_is_shown_replaced(pin_bad, tmp_path):
    # A device's bytes stored as text: the report shows U+FFFD where they do not decode.
    run = copy_run(pin_bad, tmp_path / "bytes")
    [(index,)] = sql(run, "SELECT min(plan_index) FROM trials WHERE verdict = 'fail'")
    sql(run, "UPDATE trials SET reason = CAST(x'41ff0242' AS TEXT) WHERE plan_index = ?",
        (index,))
    sql(run, "UPDATE checks SET reason = CAST(x'43ff0244' AS TEXT) WHERE plan_index = ? "
             "AND passed = 0", (index,))
    text = render(run)  # the trial's own reason is read too, and must not stop it
    row = [r for r in html_tables(text)["failing-trials"] if r[0] == str(index)]
    assert row and "C\ufffd\x02D" in row[0][-2]


@pytest.mark.parametrize("status, words", [
    ("interrupted", "This run was interrupted: 60 of the plan's 108 trials are recorded"),
    ("running", "This run is still running, or stopped without finishing (a crash): 60 of "
                "the plan's 108 trials are recorded"),
])
def test_incomplete_run_says_so(pin_bad, tmp_path, status, words):
    run = copy_run(pin_bad, tmp_path / status)
    sql(run, "DELETE FROM checks WHERE plan_index >= 60")
    sql(run, "DELETE FROM trials WHERE plan_index >= 60")
    sql(run, "UPDATE run SET status = ?, finished = ''", (status,))
    text = render(run)
    banner = element_text(text, "status-banner")
    assert banner.startswith(words), banner
    assert text.index('id="status-banner"') < text.index('id="what-ran"')
    assert "recorded so far" in element_text(text, "verdict")
    if status == "interrupted":
        assert f"--out {run} --resume" in banner
    # The crash map shows the cells not recorded yet in grey.
    assert ">not recorded<" in figure(text, "crash-map")


def test_complete_run_has_no_banner(pin_report):
    assert 'id="status-banner"' not in pin_report


# --- the file itself ------------------------------------------------------------------------

def test_report_is_self_contained(pin_report):
    assert "<script" not in pin_report.lower()
    assert "<link" not in pin_report.lower()
    assert "@import" not in pin_report
    # Every src/href is inline (data:) or a fragment; namespaces (xmlns) are not fetched.
    for attr, value in re.findall(r'\b(src|href)="([^"]*)"', pin_report):
        assert value.startswith(("data:", "#")), (attr, value[:80])
    assert not re.search(r"url\((?!#)", pin_report)
    assert "Content-Security-Policy" in pin_report


def test_same_run_gives_identical_bytes(pin_bad, tmp_path):
    run = copy_run(pin_bad, tmp_path / "pin")
    first = render(run, "-o", tmp_path / "a.html")
    second = render(run, "-o", tmp_path / "b.html")
    assert first == second
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_output_option_writes_there(pin_bad, tmp_path):
    run = copy_run(pin_bad, tmp_path / "pin")
    out = tmp_path / "elsewhere" / "r.html"
    out.parent.mkdir()
    text = render(run, "-o", out)
    assert "<svg" in text
    assert not (run / "report.html").exists()


def test_large_run_report_stays_small(pin_bad, tmp_path):
    """~100,000 trials (rows copied with SQL): the failing list is capped, the crash map is
    binned into columns, the numbers still equal the database's, and the file stays small."""
    run = copy_run(pin_bad, tmp_path / "big")
    total = multiply_run(run, 1000)
    assert total == 108_000
    text = render(run, "--no-junit")
    assert len(text.encode()) < 1_000_000
    rows = html_tables(text)["failing-trials"]
    assert len(rows) - 1 == 200
    (failed,), = sql(run, "SELECT count(*) FROM trials WHERE verdict != 'pass'")
    assert element_text(text, "failing-more").startswith(
        f"… and {failed - 200:,} more failing trials not listed here")
    assert "Each column covers" in figure(text, "crash-map")
    table = {r[0]: r[1:] for r in html_tables(text)["failures"][1:]}
    expected = checks_by_mode_from_db(run)
    assert [int(v) for v in table["pin_retries_consumed"][:-1]] == \
        [expected["pin_retries_consumed"][m] for m in ("before", "torn", "after")]


# --- bad input, missing libraries -----------------------------------------------------------

def _one_line_error(proc: subprocess.CompletedProcess, status: int, *words: str) -> None:
    assert proc.returncode == status, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])


def test_bad_input_is_exit_2_naming_the_path(tmp_path):
    _one_line_error(nk3report("render", tmp_path / "missing"), 2, str(tmp_path / "missing"),
                    "not a directory")
    (tmp_path / "empty").mkdir()
    _one_line_error(nk3report("render", tmp_path / "empty"), 2, str(tmp_path / "empty"),
                    "no results.sqlite")
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "results.sqlite").write_bytes(b"this is not a database\n" * 100)
    _one_line_error(nk3report("render", garbage), 2, str(garbage / "results.sqlite"),
                    "not an nk3rig result store")
    assert not (garbage / "report.html").exists()


def test_unwritable_output_is_exit_2(pin_bad, tmp_path):
    run = copy_run(pin_bad, tmp_path / "pin")
    out = tmp_path / "no-such-dir" / "r.html"
    _one_line_error(nk3report("render", run, "-o", out), 2, str(out), "does not exist")
    _one_line_error(nk3report("render", run, "-o", tmp_path), 2, str(tmp_path), "directory")


def test_missing_library_is_exit_3_naming_the_package(pin_bad, tmp_path):
    for module, package in (("matplotlib", "python3-matplotlib"), ("jinja2", "python3-jinja2")):
        blocker = tmp_path / f"block-{module}"
        (blocker / module).mkdir(parents=True)
        (blocker / module / "__init__.py").write_text(
            f"raise ImportError('{module} hidden by the test')\n")
        proc = nk3report("render", pin_bad, "-o", tmp_path / "r.html", "--no-junit",
                         extra_path=str(blocker))
        _one_line_error(proc, 3, module, package)
    assert not (tmp_path / "r.html").exists()


def test_nk3rig_report_runs_the_package(nk3rig, pin_bad, tmp_path):
    """The C++ bridge (harness/cli/report_tool.cpp) finds this package and passes -o and the
    exit status through."""
    run = copy_run(pin_bad, tmp_path / "pin")
    proc = subprocess.run([str(nk3rig), "report", str(run), "-o", str(tmp_path / "r.html")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "<svg" in (tmp_path / "r.html").read_text()
    bad = subprocess.run([str(nk3rig), "report", str(tmp_path / "nothing")],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and str(tmp_path / "nothing") in bad.stderr
