"""junit.xml: a run's checks as JUnit test cases, for CI (Jenkins, GitLab, GitHub).

CI servers understand one thing about a test run: JUnit XML (the de-facto Ant schema: a
<testsuites> root, one <testsuite> per suite, one <testcase> per test, <failure> inside a
failing one). nk3rig maps a run directory (scenario × target) onto a test suite and each check
that ran onto a test case, failing when it failed in any trial. A test case per *trial* would
drown the CI page in thousands of cases and make a 100-million-trial soak unreadable; the
failing trials are listed inside the check's <failure> instead, each with its replay command.

An interrupted run gets a failing test case `run_complete`, so CI never reads a partial
sweep as green. docs/reports.md describes the file.

Memory stays flat: counts come from SQL aggregates and at most FAILURE_LIST_LIMIT failing trials
per check are read.
"""

from __future__ import annotations

import pathlib
import re
import xml.etree.ElementTree as ET

from .model import RunDir, parse_time, write_atomically

# Failing trials listed in a check's <failure> text; the rest are counted and pointed to.
FAILURE_LIST_LIMIT = 100

# Characters XML 1.0 forbids (section 2.2, production Char): C0 controls other than tab, LF and
# CR, lone surrogates, U+FFFE and U+FFFF. Reasons and fault texts may carry bytes a device sent.
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: object) -> str:
    """Text that XML 1.0 can hold: forbidden characters become visible escapes (\\x07, \\ufffe)
    rather than vanishing, so a reason still shows that the device sent a control character.
    ElementTree escapes <, & and quotes itself; it does not touch these, and its output
    would not parse."""
    def escape(m: re.Match) -> str:
        cp = ord(m.group())
        return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"
    return _XML_FORBIDDEN.sub(escape, "" if text is None else str(text))


def _sanitise(name: str) -> str:
    """A classname component: CI servers split classnames at dots into packages, so the
    target `sim:nk3am-1.2.2` becomes `sim_nk3am-1_3_0`."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name) or "_"


def _run_seconds(run: RunDir) -> float:
    """The run's duration: finished - started when both are known, else the sum of the trials'
    wall-clock durations (a run still going, or one that crashed, has no `finished`)."""
    started = parse_time(run.info.get("started", ""))
    finished = parse_time(run.info.get("finished", ""))
    if started and finished and finished >= started:
        return (finished - started).total_seconds()
    total_us = run.execute("SELECT coalesce(sum(duration_us), 0) FROM trials").fetchone()[0]
    return total_us / 1e6


def suite_name(run: RunDir) -> str:
    return f"{run.info.get('scenario', '?')} on {run.info.get('target', '?')}"


def _failure_text(run: RunDir, check: str, failed: int) -> str:
    """The failing trials of one check, one paragraph each, capped at FAILURE_LIST_LIMIT."""
    lines = []
    for plan_index, fault, reason, replay in run.execute(
            "SELECT t.plan_index, t.fault, c.reason, t.replay "
            "FROM checks AS c JOIN trials AS t USING (plan_index) "
            "WHERE c.check_name = ? AND c.passed = 0 ORDER BY t.plan_index LIMIT ?",
            (check, FAILURE_LIST_LIMIT)):
        lines.append(f"plan index {plan_index}: {fault}")
        lines.append(f"    reason: {reason}")
        lines.append(f"    replay: {replay}")
    if failed > FAILURE_LIST_LIMIT:
        lines.append(f"and {failed - FAILURE_LIST_LIMIT} more: see trials.csv / results.sqlite "
                     f"in {run.path}")
    return "\n".join(lines)


def _run_complete_case(run: RunDir, suite: ET.Element, classname: str) -> bool:
    """Adds the `run_complete` test case; returns True when it fails (the run is incomplete)."""
    case = ET.SubElement(suite, "testcase", classname=classname, name="run_complete", time="0")
    status = run.info.get("status", "")
    if status == "complete":
        return False
    recorded = run.counts.trials
    plan_size = run.info.get("plan_size", "?")
    shard = ""
    if int(run.info.get("shard_count", 1) or 1) > 1:
        shard = (f" (this is shard {int(run.info['shard_index']) + 1} of "
                 f"{run.info['shard_count']}, which runs only its slice of the plan)")
    message = f"run {status or 'not finished'}: {recorded} of {plan_size} trials recorded"
    text = (f"The run's status is '{status}', not 'complete': only {recorded} of the plan's "
            f"{plan_size} trials are in {run.path}/results.sqlite{shard}. The checks above "
            f"judge only those. Continue the run with: nk3rig run "
            f"{run.info.get('scenario_file') or 'SCENARIO'} --out {run.path} --resume")
    failure = ET.SubElement(case, "failure", message=xml_safe(message), type="run incomplete")
    failure.text = xml_safe(text)
    return True


def _suite(run: RunDir) -> tuple[ET.Element, int, int, float]:
    """One <testsuite> for one run directory; returns it with its tests, failures and time."""
    info = run.info
    seconds = _run_seconds(run)
    # Attributes in the schema's order; the counts are filled in below.
    suite = ET.Element("testsuite", name=xml_safe(suite_name(run)), tests="0", failures="0",
                       errors="0", skipped="0", time=f"{seconds:.3f}")
    if info.get("started"):
        suite.set("timestamp", xml_safe(info["started"]))
    suite.set("hostname", xml_safe(info.get("host", "")))

    props = ET.SubElement(suite, "properties")
    for key in ("scenario", "target", "profile", "firmware", "seed", "plan", "plan_size",
                "status", "rig_version", "scenario_sha256", "shard_index", "shard_count"):
        ET.SubElement(props, "property", name=key, value=xml_safe(info.get(key, "")))
    ET.SubElement(props, "property", name="trials_recorded", value=str(run.counts.trials))
    ET.SubElement(props, "property", name="run_dir", value=xml_safe(run.path))

    classname = (f"nk3rig.{_sanitise(str(info.get('scenario', '')))}."
                 f"{_sanitise(str(info.get('target', '')))}")
    ran = dict(run.execute("SELECT check_name, count(*) FROM checks GROUP BY 1").fetchall())
    tests = failures = 0
    for check, failed in run.counts.per_check.items():
        tests += 1
        # Per-check time is not measured (checks run inside a trial); the suite has the time.
        case = ET.SubElement(suite, "testcase", classname=classname, name=xml_safe(check),
                             time="0")
        if failed:
            failures += 1
            failure = ET.SubElement(case, "failure",
                                    message=f"{failed} of {ran.get(check, 0)} trials failed",
                                    type="check failed")
            failure.text = xml_safe(_failure_text(run, check, failed))
    tests += 1
    if _run_complete_case(run, suite, classname):
        failures += 1

    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    return suite, tests, failures, seconds


def write_junit(run_dirs: list[RunDir], out_path: str | pathlib.Path) -> None:
    """Writes junit.xml for one or more run directories (one <testsuite> each) to out_path,
    atomically: OUT.tmp first, then renamed, so CI never reads half a file."""
    root = ET.Element("testsuites", name="nk3rig", tests="0", failures="0", errors="0",
                      time="0")
    tests = failures = 0
    seconds = 0.0
    for run in run_dirs:
        suite, t, f, s = _suite(run)
        root.append(suite)
        tests, failures, seconds = tests + t, failures + f, seconds + s
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("time", f"{seconds:.3f}")
    ET.indent(root)

    write_atomically(pathlib.Path(out_path),
                     ET.tostring(root, encoding="UTF-8", xml_declaration=True))
