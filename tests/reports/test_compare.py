"""`nk3rig compare BASE NEW` (reports/nk3report/compare.py): exit status 0 no worse, 1 worse,
2 bad input; through compare.main() and through the real binary.

Runs are real `nk3rig run`s; variants are copies edited with sqlite3 (a flipped verdict is a
firmware that broke at one cut point). Expected cut points are looked up with SQL here.
"""

from __future__ import annotations

import io
import re


from _runs import fail_trial, interrupt, pass_trial, run_nk3rig, scenario_run
from reportkit import copy_run, sql

from nk3report import compare

# On the write-ahead what-if journal (loses nothing under cuts), so the run passes.
NESTED = """\
name: reports-nested
about: one login under a nested sweep (report tests)
target: sim:model-nk3am-wal
setup:
  - reset
  - make_credential: {as: ssh, rp: "ssh:", user: alice, alg: eddsa, resident: false}
operation:
  - get_assertion: {credential: ssh}
fault:
  plan: nested
  modes: [before, torn, after]
  bound: 2
  power_off_ms: 50
checks: [device_returns, credentials_survive, fs_intact]
"""


def run_main(base, new, capsys) -> tuple[int, str, str]:
    out = io.StringIO()
    rc = compare.main(str(base), str(new), out=out)
    return rc, out.getvalue(), capsys.readouterr().err


def section(text: str, title: str) -> str:
    """The lines of one cut-point list of the output (its header line through the next blank)."""
    start = text.index(title)
    end = text.find("\n\n", start)
    return text[start:] if end < 0 else text[start:end]


def listed_labels(text: str, title: str) -> list[str]:
    return re.findall(r"^  (\S.*?): .* -> .*$", section(text, title), re.M)


def flash_label(run, plan_index: int) -> str:
    [(mode, op)] = sql(run, "SELECT cut_mode, flash_op FROM trials WHERE plan_index = ?",
                       (plan_index,))
    return f"flash op {op} {mode}"


# --- exit status 0 and 1 ---------------------------------------------------------------------

def test_run_against_itself_is_no_worse(pin_bad, capsys):
    rc, out, err = run_main(pin_bad, pin_bad, capsys)
    assert rc == 0, out + err
    assert "108 in both runs, 0 only in NEW, 0 only in BASE" in out
    assert "newly failing" not in out and "newly passing" not in out
    assert out.rstrip().splitlines()[-1].startswith("NEW is no worse: ")


def test_new_firmware_that_loses_pin_retries_is_worse(pin_good, pin_bad, capsys):
    rc, out, err = run_main(pin_good, pin_bad, capsys)
    assert rc == 1, out + err
    failing = sql(pin_bad, "SELECT plan_index, replay FROM trials WHERE verdict != 'pass' "
                           "ORDER BY plan_index")
    assert len(failing) == 104
    assert "newly failing (passed in BASE, or not in it): 104 cut point(s) " \
           "(by check: pin_retries_consumed 104" in out
    labels = listed_labels(out, "newly failing")
    assert labels == [flash_label(pin_bad, i) for i, _ in failing[:compare.LIST_LIMIT]]
    for _, replay in failing[:compare.LIST_LIMIT]:
        assert f"      {replay}\n" in out
    assert f"and {104 - compare.LIST_LIMIT} more" in out
    last = out.rstrip().splitlines()[-1]
    assert last.startswith("NEW is worse: 104 cut point(s) fail in NEW")
    assert "pin_retries_consumed 104" in last


def test_fixed_firmware_is_no_worse_and_lists_newly_passing(pin_good, pin_bad, capsys):
    rc, out, err = run_main(pin_bad, pin_good, capsys)
    assert rc == 0, out + err
    assert "newly passing (failed in BASE): 104 cut point(s)" in out
    assert "newly failing" not in out
    first = sql(pin_bad, "SELECT min(plan_index) FROM trials WHERE verdict != 'pass'")[0][0]
    assert listed_labels(out, "newly passing")[0] == flash_label(pin_bad, first)
    assert out.rstrip().splitlines()[-1] == (
        "NEW is no worse: no cut point fails a check in NEW that it did not fail in BASE; "
        "104 cut point(s) newly pass, failed trials 104 -> 0 (-104).")


def test_header_and_table_show_both_runs(pin_good, pin_bad, capsys):
    _, out, _ = run_main(pin_good, pin_bad, capsys)
    lines = out.splitlines()
    assert lines[1].startswith(f"BASE  {pin_good}: pin-tearing on sim:model-nk3am-wal, firmware ")
    assert lines[2].startswith(f"NEW   {pin_bad}: pin-tearing on sim:model-nk3am-pin-after-compare")
    assert "108 of 108 trials, 104 failed, complete" in lines[2]
    # One row per check: BASE, NEW, delta for before, torn, after and total.
    for check, *_ in sql(pin_bad, "SELECT DISTINCT check_name FROM checks"):
        counts = []
        for run in (pin_good, pin_bad):
            by_mode = dict(sql(run, "SELECT t.cut_mode, count(*) FROM checks AS c JOIN trials "
                                    "AS t USING (plan_index) WHERE c.check_name = ? AND "
                                    "c.passed = 0 GROUP BY 1", (check,)))
            counts.append([by_mode.get(m, 0) for m in ("before", "torn", "after")])
            counts[-1].append(sum(counts[-1]))
        expected = []
        for b, n in zip(*counts):
            expected += [str(b), str(n), f"{n - b:+d}" if n - b else "0"]
        row = next(line for line in lines if line.startswith(check + " "))
        assert row.split() == [check] + expected


def test_a_single_flipped_trial_is_newly_failing(tmp_path, pin_good, capsys):
    new = copy_run(pin_good, tmp_path / "broken-once")
    fail_trial(new, 50, "fs_intact", "file '/fido/pin' fails its checksum")
    rc, out, err = run_main(pin_good, new, capsys)
    assert rc == 1, out + err
    assert "newly failing (passed in BASE, or not in it): 1 cut point(s) " \
           "(by check: fs_intact 1)" in out
    assert listed_labels(out, "newly failing") == [flash_label(new, 50)]
    assert f"nk3rig replay {new} 50" in out
    assert "NEW is worse: 1 cut point(s)" in out
    # And the other way round it is a fix.
    rc, out, _ = run_main(new, pin_good, capsys)
    assert rc == 0
    assert listed_labels(out, "newly passing") == [flash_label(new, 50)]


def test_a_further_failing_check_at_a_failing_point_is_worse(tmp_path, pin_bad, capsys):
    new = copy_run(pin_bad, tmp_path / "worse-there")
    fail_trial(new, 7, "no_self_reset", "device secret changed")
    rc, out, err = run_main(pin_bad, new, capsys)
    assert rc == 1, out + err
    assert "failing in both, and failing further checks in NEW: 1 cut point(s) " \
           "(by check: no_self_reset 1)" in out
    assert "newly failing" not in out
    # Fewer failing checks at a point that still fails is not worse.
    rc, out, _ = run_main(new, pin_bad, capsys)
    assert rc == 0
    assert "failing in both, with fewer failing checks in NEW: 1 cut point(s)" in out


def test_a_failing_point_absent_from_base_is_worse(tmp_path, pin_bad, capsys):
    base = copy_run(pin_bad, tmp_path / "shorter")
    last = sql(base, "SELECT max(plan_index) FROM trials WHERE verdict != 'pass'")[0][0]
    sql(base, "DELETE FROM checks WHERE plan_index = ?", (last,))
    sql(base, "DELETE FROM trials WHERE plan_index = ?", (last,))
    rc, out, err = run_main(base, pin_bad, capsys)
    assert rc == 1, out + err
    assert "107 in both runs, 1 only in NEW, 0 only in BASE" in out
    assert "1 cut point(s) (1 not in BASE;" in out
    assert f"{flash_label(pin_bad, last)}: not in BASE -> pin_retries_consumed" in out
    # The other way round the point is gone from NEW: listed, not worse.
    rc, out, _ = run_main(pin_bad, base, capsys)
    assert rc == 0
    assert "failed in BASE, not in NEW: 1 cut point(s)" in out


def test_totals_falling_do_not_hide_a_new_failure(tmp_path, pin_bad, capsys):
    new = copy_run(pin_bad, tmp_path / "mixed")
    passing = sql(new, "SELECT plan_index FROM trials WHERE verdict = 'pass'")
    failing = sql(new, "SELECT plan_index FROM trials WHERE verdict != 'pass' LIMIT 10")
    for (i,) in failing:
        pass_trial(new, i)
    fail_trial(new, passing[0][0], "fs_intact", "damaged")
    rc, out, err = run_main(pin_bad, new, capsys)
    assert rc == 1, out + err
    assert "failed trials 104 -> 97" not in out
    assert listed_labels(out, "newly failing") == [flash_label(new, passing[0][0])]
    assert "newly passing (failed in BASE): 10 cut point(s)" in out


def test_cut_points_are_matched_by_flash_op_not_plan_index(tmp_path, pin_good, capsys):
    # Another firmware's plan puts the same cut point at another plan index.
    new = copy_run(pin_good, tmp_path / "shifted")
    sql(new, "UPDATE checks SET plan_index = plan_index + 1000")
    sql(new, "UPDATE trials SET plan_index = plan_index + 1000, fault = 'other text'")
    rc, out, err = run_main(pin_good, new, capsys)
    assert rc == 0, out + err
    assert "108 in both runs, 0 only in NEW, 0 only in BASE" in out
    fail_trial(new, 1030, "pin_still_set", "PIN gone")
    rc, out, _ = run_main(pin_good, new, capsys)
    assert rc == 1
    assert listed_labels(out, "newly failing") == [flash_label(pin_good, 30)]


def test_different_targets_are_compared(seed_130, seed_131, capsys):
    rc, out, err = run_main(seed_130, seed_131, capsys)
    assert err == ""
    [(ops_130,)] = sql(seed_130, "SELECT count(DISTINCT flash_op) FROM trials")
    [(ops_131,)] = sql(seed_131, "SELECT count(DISTINCT flash_op) FROM trials")
    assert ops_131 > ops_130
    assert f"{3 * ops_130} in both runs, {3 * (ops_131 - ops_130)} only in NEW" in out
    assert "the runs have different numbers of trials; as rates:" in out
    # The cut points computed here in Python from both databases: (cut mode, flash op) is
    # unique in a flash sweep. 1.3.1 fails at flash ops where 1.3.0 passed (a FIDO state file
    # damaged), so it is worse although it fails fewer trials.
    def outcomes(run):
        return {(m, op): set(filter(None, checks.split(";"))) for m, op, checks in sql(
            run, "SELECT cut_mode, flash_op, failing_checks FROM trials")}
    old, new = outcomes(seed_130), outcomes(seed_131)
    newly = [p for p, checks in new.items() if checks and not old.get(p)]
    absent = [p for p in newly if p not in old]
    further = [p for p, checks in new.items() if checks and old.get(p) and checks - old[p]]
    passing = [p for p, checks in old.items() if checks and p in new and not new[p]]
    assert newly and absent and len(absent) < len(newly)
    assert f"newly failing (passed in BASE, or not in it): {len(newly)} cut point(s) " \
           f"({len(absent)} not in BASE;" in out
    if further:
        assert f"failing in both, and failing further checks in NEW: {len(further)} cut " \
               "point(s)" in out
    else:  # the section is left out when empty
        assert "failing further checks in NEW" not in out
    assert f"newly passing (failed in BASE): {len(passing)} cut point(s)" in out
    assert rc == 1
    assert out.rstrip().splitlines()[-1].startswith(
        f"NEW is worse: {len(newly)} cut point(s) fail in NEW that passed in BASE or were not "
        f"in it and {len(further)} fail further checks than in BASE")


# --- time and nested plans: the occurrence number ----------------------------------------------

def test_time_cuts_ignore_where_they_landed(time_run, tmp_path, capsys):
    base = time_run  # read only: the variant is a copy
    [(trials,)] = sql(base, "SELECT count(*) FROM trials")
    new = copy_run(base, tmp_path / "other-firmware")
    # On another firmware the same time cut lands on another flash operation.
    sql(new, "UPDATE trials SET flash_op = flash_op + 7")
    rc, out, err = run_main(base, new, capsys)
    assert rc == 0, out + err
    assert f"{trials} in both runs, 0 only in NEW" in out
    # The second request's cut at +0 us (plan order: request 0's offsets, then request 1's).
    [(second,)] = sql(base, "SELECT max(plan_index) FROM trials WHERE offset_us = 0")
    assert sql(base, "SELECT verdict FROM trials WHERE plan_index = ?", (second,)) == \
        [("pass",)]
    fail_trial(new, second, "credentials_survive", "lost: ssh")
    rc, out, _ = run_main(base, new, capsys)
    assert rc == 1
    assert listed_labels(out, "newly failing") == ["time +0 us #2"]


def test_nested_second_cuts_are_told_apart(tmp_path_factory, tmp_path, capsys):
    base = scenario_run(tmp_path_factory, NESTED, "nested", 0)
    [(trials,)] = sql(base, "SELECT count(*) FROM trials")
    rc, out, _ = run_main(base, base, capsys)
    assert rc == 0 and f"{trials} in both runs, 0 only in NEW, 0 only in BASE" in out
    # Trials sharing (mode, flash op, second op) differ only in the second cut's mode (before,
    # torn, after), which has no column: the occurrence number tells them apart.
    [(mode, op, second)] = sql(base, "SELECT cut_mode, flash_op, second_op FROM trials WHERE "
                                     "second_op IS NOT NULL GROUP BY 1, 2, 3 "
                                     "HAVING count(*) > 1 ORDER BY min(plan_index) LIMIT 1")
    siblings = [r[0] for r in sql(base, "SELECT plan_index FROM trials WHERE cut_mode = ? AND "
                                        "flash_op = ? AND second_op = ? ORDER BY plan_index",
                                  (mode, op, second))]
    new = copy_run(base, tmp_path / "broken-once")
    fail_trial(new, siblings[1], "fs_intact", "damaged")
    rc, out, _ = run_main(base, new, capsys)
    assert rc == 1
    assert listed_labels(out, "newly failing") == [
        f"flash op {op} {mode}, then boot op {second} #2"]


# --- incomplete runs and warnings ------------------------------------------------------------

def test_interrupted_new_is_compared_on_what_it_recorded(tmp_path, pin_bad, capsys):
    new = copy_run(pin_bad, tmp_path / "cut-short")
    interrupt(new, keep=30)
    rc, out, err = run_main(pin_bad, new, capsys)
    assert rc == 0, out + err
    assert "warning: NEW is interrupted: only the 30 of 108 trials it recorded are compared" \
        in out
    assert "NEW   " in out and "30 of 108 trials" in out
    assert "failed in BASE, not recorded in NEW (NEW is incomplete)" in out
    assert "(on the trials recorded: BASE 108 of 108, NEW 30 of 108)." in out


def test_interrupted_base_counts_unrecorded_failures_as_new(tmp_path, pin_bad, capsys):
    base = copy_run(pin_bad, tmp_path / "cut-short")
    interrupt(base, keep=30)
    rc, out, _ = run_main(base, pin_bad, capsys)
    assert rc == 1
    assert "warning: BASE is interrupted" in out
    [(unrecorded,)] = sql(pin_bad, "SELECT count(*) FROM trials WHERE verdict != 'pass' AND "
                                   "plan_index >= 30")
    assert f"({unrecorded} not recorded in BASE (BASE is incomplete);" in out


def test_changed_scenario_file_is_a_warning(tmp_path, pin_good, capsys):
    new = copy_run(pin_good, tmp_path / "edited")
    sql(new, "UPDATE run SET scenario_sha256 = 'ab' || substr(scenario_sha256, 3)")
    rc, out, err = run_main(pin_good, new, capsys)
    assert rc == 0, out + err
    assert "warning: the scenario file changed between the runs (scenario_sha256 differs)" in out


# --- exit status 2 ---------------------------------------------------------------------------

def test_different_scenarios_are_refused(tmp_path, pin_good, capsys):
    new = copy_run(pin_good, tmp_path / "renamed")
    sql(new, "UPDATE run SET scenario = 'rk-create'")
    rc, out, err = run_main(pin_good, new, capsys)
    assert rc == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "run.scenario differs ('pin-tearing' in BASE, 'rk-create' in NEW)" in err
    assert str(new) in err and str(pin_good) in err


def test_different_plans_are_refused(tmp_path, pin_good, capsys):
    new = copy_run(pin_good, tmp_path / "replanned")
    sql(new, "UPDATE run SET plan = 'time-sweep'")
    rc, _, err = run_main(pin_good, new, capsys)
    assert rc == 2
    assert "run.plan differs ('flash-sweep' in BASE, 'time-sweep' in NEW)" in err


def test_not_a_run_directory_is_refused(tmp_path, pin_good, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    rc, out, err = run_main(pin_good, empty, capsys)
    assert (rc, out) == (2, "")
    assert f"{empty}: not a run directory" in err
    rc, _, err = run_main(tmp_path / "missing", pin_good, capsys)
    assert rc == 2
    assert str(tmp_path / "missing") in err
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "results.sqlite").write_text("not a database")
    rc, _, err = run_main(pin_good, junk, capsys)
    assert rc == 2 and "not an nk3rig result store" in err


# --- the real binary -------------------------------------------------------------------------

def test_binary_compare_exit_statuses(tmp_path, pin_good, pin_bad):
    same = run_nk3rig("compare", pin_good, pin_good)
    assert same.returncode == 0, same.stdout + same.stderr
    assert "NEW is no worse" in same.stdout

    worse = run_nk3rig("compare", pin_good, pin_bad)
    assert worse.returncode == 1, worse.stdout + worse.stderr
    assert "newly failing (passed in BASE, or not in it): 104 cut point(s)" in worse.stdout

    better = run_nk3rig("compare", pin_bad, pin_good)
    assert better.returncode == 0, better.stdout + better.stderr
    assert "newly passing (failed in BASE): 104 cut point(s)" in better.stdout


def test_binary_compare_bad_input(tmp_path, pin_good):
    renamed = copy_run(pin_good, tmp_path / "renamed")
    sql(renamed, "UPDATE run SET scenario = 'rk-create'")
    proc = run_nk3rig("compare", pin_good, renamed)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "run.scenario differs" in proc.stderr

    proc = run_nk3rig("compare", pin_good, tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"{tmp_path}: not a run directory" in proc.stderr


def test_binary_compare_single_flip(tmp_path, pin_good):
    new = copy_run(pin_good, tmp_path / "broken-once")
    fail_trial(new, 12, "pin_retries_consumed", "attempt was free")
    proc = run_nk3rig("compare", pin_good, new)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert listed_labels(proc.stdout, "newly failing") == [flash_label(new, 12)]
