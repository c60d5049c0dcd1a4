"""junit.xml (reports/nk3report/junit.py) from real run directories and edited copies.

Every expected number is computed here with SQL on the run's results.sqlite, independently of
the code under test, and compared with what the XML says.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from _runs import fail_trial, interrupt
from reportkit import copy_run, sql

from nk3report.junit import FAILURE_LIST_LIMIT, write_junit
from nk3report.model import RunDir


def junit(tmp_path, *run_dirs) -> ET.Element:
    """Writes junit.xml for the run directories and parses it back (a parse error fails)."""
    out = tmp_path / "junit.xml"
    runs = [RunDir(d) for d in run_dirs]
    try:
        write_junit(runs, out)
    finally:
        for r in runs:
            r.close()
    assert not (tmp_path / "junit.xml.tmp").exists()
    return ET.parse(out).getroot()


def cases(suite: ET.Element) -> dict[str, ET.Element]:
    return {c.get("name"): c for c in suite.findall("testcase")}


def test_counts_equal_the_database(tmp_path, seed_130):
    root = junit(tmp_path, seed_130)
    [suite] = root.findall("testsuite")
    ran = dict(sql(seed_130, "SELECT check_name, count(*) FROM checks GROUP BY 1"))
    failed = dict(sql(seed_130, "SELECT check_name, count(*) FROM checks WHERE passed = 0 "
                                "GROUP BY 1"))
    assert failed, "the 1.3.0 seed-incident run must fail some checks"
    by_name = cases(suite)
    assert set(by_name) == set(ran) | {"run_complete"}
    for check, n in ran.items():
        failure = by_name[check].find("failure")
        if check in failed:
            assert failure is not None, check
            assert failure.get("message") == f"{failed[check]} of {n} trials failed"
            assert failure.get("type") == "check failed"
        else:
            assert failure is None, check
    assert by_name["run_complete"].find("failure") is None
    assert suite.get("tests") == str(len(ran) + 1)
    assert suite.get("failures") == str(len(failed))
    assert (suite.get("errors"), suite.get("skipped")) == ("0", "0")
    assert (root.get("tests"), root.get("failures")) == (suite.get("tests"), suite.get("failures"))


def test_suite_names_the_run_and_carries_its_properties(tmp_path, seed_130):
    [suite] = junit(tmp_path, seed_130).findall("testsuite")
    run = dict(zip(("scenario", "target", "profile", "firmware", "seed", "plan", "plan_size",
                    "status", "rig_version", "host", "started"),
                   sql(seed_130, "SELECT scenario, target, profile, firmware, seed, plan, "
                                 "plan_size, status, rig_version, host, started FROM run")[0]))
    assert suite.get("name") == "seed-incident on sim:nk3am-1.2.2"
    assert suite.get("hostname") == run["host"]
    assert suite.get("timestamp") == run["started"]
    assert float(suite.get("time")) >= 0
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    for key in ("scenario", "target", "profile", "firmware", "seed", "plan", "plan_size",
                "status", "rig_version"):
        assert props[key] == str(run[key]), key
    for case in suite.findall("testcase"):
        assert case.get("classname") == "nk3rig.seed-incident.sim_nk3am-1_2_2"


def test_failure_text_lists_failing_trials_with_replay_commands(tmp_path, seed_130):
    by_name = cases(junit(tmp_path, seed_130).find("testsuite"))
    for check, n in sql(seed_130, "SELECT check_name, count(*) FROM checks WHERE passed = 0 "
                                  "GROUP BY 1"):
        text = by_name[check].find("failure").text
        expected = sql(seed_130, "SELECT t.plan_index, t.replay, c.reason FROM checks AS c "
                                 "JOIN trials AS t USING (plan_index) WHERE c.check_name = ? "
                                 "AND c.passed = 0 ORDER BY 1", (check,))
        shown = expected[:FAILURE_LIST_LIMIT]
        for plan_index, replay, reason in shown:
            assert f"plan index {plan_index}: " in text
            assert replay and f"replay: {replay}\n" in text + "\n"
            assert f"reason: {reason}" in text
        assert text.count("replay: ") == len(shown)
        if n > FAILURE_LIST_LIMIT:
            assert f"and {n - FAILURE_LIST_LIMIT} more: see trials.csv / results.sqlite" in text
            assert f"plan index {expected[FAILURE_LIST_LIMIT][0]}: " not in text
        else:
            assert "more: see" not in text


def test_long_failure_lists_are_capped(tmp_path, pin_bad):
    # pin_retries_consumed fails in 104 of the 108 trials of the after-compare key: more than
    # the cap.
    [(n,)] = sql(pin_bad, "SELECT count(*) FROM checks WHERE check_name = "
                          "'pin_retries_consumed' AND passed = 0")
    assert n > FAILURE_LIST_LIMIT
    text = cases(junit(tmp_path, pin_bad).find("testsuite"))["pin_retries_consumed"] \
        .find("failure").text
    assert text.count("replay: ") == FAILURE_LIST_LIMIT
    assert f"and {n - FAILURE_LIST_LIMIT} more" in text


def test_all_pass_run_has_no_failure(tmp_path, seed_xn):
    root = junit(tmp_path, seed_xn)
    assert sql(seed_xn, "SELECT count(*) FROM checks WHERE passed = 0") == [(0,)]
    assert root.get("failures") == "0"
    assert root.findall(".//failure") == []
    [suite] = root.findall("testsuite")
    assert suite.get("tests") == str(len(cases(suite)))


def test_control_characters_and_markup_in_reasons_stay_valid_xml(tmp_path, seed_xn):
    run = copy_run(seed_xn, tmp_path / "odd")
    reason = "lost <cred name=\"a&b\"> \x01\x07\x1b\x7f \ufffe end ]]> &amp;"
    fail_trial(run, 5, "credentials_survive", reason)
    # And a reason that is not even UTF-8 (bytes a device sent), stored as text.
    fail_trial(run, 6, "credentials_survive", "placeholder")
    sql(run, "UPDATE checks SET reason = CAST(x'41ff0242' AS TEXT) WHERE plan_index = 6 "
             "AND check_name = 'credentials_survive'")
    text = cases(junit(tmp_path, run).find("testsuite"))["credentials_survive"] \
        .find("failure").text
    assert 'lost <cred name="a&b"> \\x01\\x07\\x1b\x7f \\ufffe end ]]> &amp;' in text
    assert "reason: A\ufffd\\x02B" in text
    raw = (tmp_path / "junit.xml").read_bytes()
    assert b"\x01" not in raw and b"\x1b" not in raw
    assert b"&lt;cred" in raw


def test_interrupted_run_fails_run_complete(tmp_path, pin_bad):
    run = copy_run(pin_bad, tmp_path / "cut-short")
    interrupt(run, keep=40)
    [(recorded, plan_size)] = sql(run, "SELECT (SELECT count(*) FROM trials), plan_size "
                                       "FROM run")
    assert (recorded, plan_size) == (40, 108)
    suite = junit(tmp_path, run).find("testsuite")
    failure = cases(suite)["run_complete"].find("failure")
    assert failure is not None
    assert failure.get("message") == "run interrupted: 40 of 108 trials recorded"
    assert "--resume" in failure.text
    failed_checks = sql(run, "SELECT count(DISTINCT check_name) FROM checks WHERE passed = 0")
    assert suite.get("failures") == str(failed_checks[0][0] + 1)


def test_interrupted_all_passing_run_is_not_green(tmp_path, seed_xn):
    run = copy_run(seed_xn, tmp_path / "cut-short")
    interrupt(run, keep=10)
    root = junit(tmp_path, run)
    assert root.get("failures") == "1"
    assert cases(root.find("testsuite"))["run_complete"].find("failure") is not None


def test_running_run_time_is_the_sum_of_trial_durations(tmp_path, seed_xn):
    run = copy_run(seed_xn, tmp_path / "crashed")
    sql(run, "UPDATE run SET status = 'running', finished = ''")
    [(total_us,)] = sql(run, "SELECT sum(duration_us) FROM trials")
    suite = junit(tmp_path, run).find("testsuite")
    assert float(suite.get("time")) == pytest.approx(total_us / 1e6, abs=0.001)
    assert "running" in cases(suite)["run_complete"].find("failure").get("message")


def test_one_testsuite_per_run(tmp_path, seed_130, seed_xn, pin_bad):
    root = junit(tmp_path, seed_130, seed_xn, pin_bad)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "seed-incident on sim:nk3am-1.2.2", "seed-incident on sim:nk3xn-1.3.1",
        "pin-tearing on sim:model-nk3am-pin-after-compare"]
    expected_tests = expected_failures = 0
    for run, suite in zip((seed_130, seed_xn, pin_bad), suites):
        [(checks,)] = sql(run, "SELECT count(DISTINCT check_name) FROM checks")
        [(failing,)] = sql(run, "SELECT count(DISTINCT check_name) FROM checks "
                                "WHERE passed = 0")
        assert (suite.get("tests"), suite.get("failures")) == (str(checks + 1), str(failing))
        expected_tests += checks + 1
        expected_failures += failing
    assert root.get("tests") == str(expected_tests)
    assert root.get("failures") == str(expected_failures)
    assert float(root.get("time")) == pytest.approx(
        sum(float(s.get("time")) for s in suites), abs=0.01)


def test_write_replaces_an_existing_file(tmp_path, seed_xn):
    out = tmp_path / "junit.xml"
    out.write_text("stale")
    with RunDir(seed_xn) as run:
        write_junit([run], out)
    assert ET.parse(out).getroot().tag == "testsuites"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junit.xml"]


def test_unwritable_destination_raises_and_leaves_no_temporary(tmp_path, seed_xn):
    out = tmp_path / "missing-dir" / "junit.xml"
    with RunDir(seed_xn) as run, pytest.raises(OSError):
        write_junit([run], out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []



def test_run_time_without_a_zone_is_utc(tmp_path, seed_xn):
    # A run whose start names no zone and whose finish does: the duration is still the
    # difference (the store writes UTC; a time without a zone is read as UTC too).
    run = copy_run(seed_xn, tmp_path / "zones")
    sql(run, "UPDATE run SET started = '2026-11-29T13:00:00', finished = '2026-11-29T13:00:42Z'")
    [suite] = junit(tmp_path, run).findall("testsuite")
    assert float(suite.get("time")) == 42.0
