"""The seed incident (scenarios/seed-incident.yaml: three rounds of plug in, then four SSH-like
logins, under a flash sweep) on the three models `make run` runs, judged from the run's own
database: what each firmware does under power cuts (README, "make run").

- nk3am-1.3.1: cuts inside the first translation-layer erase of a power-up (trussed's rng-state
  write at the host's first request) leave the key dead: the journal replays its placeholder and
  the firmware panics at every boot. The same cuts in any later erase of a power-up never do
  (the journal restores the page). Cuts that destroy data blocks while the filesystem still
  mounts are not repaired: the key answers, but the SSH credential is gone.
- nk3am-1.2.2: cuts after which the key formats itself: the SSH credential is refused.
- nk3xn-1.3.1: nothing (littlefs on the LPC55's own 512 B pages keeps its promise).
"""

import re
import sqlite3

import pytest

from conftest import ROOT

SCENARIO = ROOT / "scenarios/seed-incident.yaml"
JOURNAL_END = 2 * 4096  # the NK3A mini's two journal pages; littlefs starts after them


@pytest.fixture(scope="module")
def runs(tmp_path_factory, nk3rig):
    import subprocess
    out = {}
    for target, expect in (("nk3am-1.3.1", 1), ("nk3am-1.2.2", 1), ("nk3xn-1.3.1", 0)):
        d = tmp_path_factory.mktemp("incident") / target
        p = subprocess.run([str(nk3rig), "run", str(SCENARIO), "--target", f"sim:{target}",
                            "--out", str(d), "--jobs", "2", "--no-report"],
                           capture_output=True, text=True, timeout=900)
        assert p.returncode == expect, (target, p.stdout, p.stderr)
        out[target] = (d, p.stdout)
    return out


def db(run_dir):
    return sqlite3.connect(run_dir / "results.sqlite")


def ops_of(con):
    """Operation index -> (kind, address) of the operation under test, from its 'before' cuts."""
    ops = {}
    for op, fault in con.execute("SELECT flash_op, fault FROM trials WHERE cut_mode = 'before'"):
        m = re.search(r"chip0 (erase|program) 0x([0-9a-f]+)\+", fault)
        if m:
            ops[op] = (m.group(1), int(m.group(2), 16))
    return ops


def erase_windows(ops):
    """Per power-up (a boot starts with the erase of both journal pages), the windows of its
    translation-layer erases: the erase of a littlefs page and the programs that write its
    neighbours back, until the next erase."""
    power_ups, current = [], None
    indices = sorted(ops)
    for n, i in enumerate(indices):
        kind, address = ops[i]
        nxt = ops.get(indices[n + 1]) if n + 1 < len(indices) else None
        if kind == "erase" and address == 0 and nxt == ("erase", 4096):
            current = []
            power_ups.append(current)
        elif kind == "erase" and address >= JOURNAL_END and current is not None:
            window = [i]
            for j in indices[n + 1:]:
                k, a = ops[j]
                if k == "erase" or not (address <= a < address + 4096):
                    break
                window.append(j)
            current.append(window)
    return power_ups


def failing(con, check, reason_like="%"):
    return {(op, mode) for op, mode in con.execute(
        "SELECT t.flash_op, t.cut_mode FROM trials t JOIN checks k USING (plan_index) "
        "WHERE k.check_name = ? AND k.passed = 0 AND k.reason LIKE ?", (check, reason_like))}


def test_nk3am_131_dies_only_in_the_first_erase_of_a_power_up(runs):
    run_dir, stdout = runs["nk3am-1.3.1"]
    con = db(run_dir)
    power_ups = erase_windows(ops_of(con))
    assert len(power_ups) == 3 and all(len(w) >= 2 for w in power_ups), power_ups
    dead = failing(con, "device_returns", "the key is dead%")
    first = {op for windows in power_ups for op in windows[0]}
    later = {op for windows in power_ups for w in windows[1:] for op in w}
    # Dead keys in the first erase window of every power-up, and only there.
    for windows in power_ups:
        assert dead & {(op, m) for op in windows[0] for m in ("before", "torn", "after")}
    assert {op for op, _ in dead} <= first, sorted(dead)
    # The same cut (the page erased, its neighbours not yet back) in a later erase of the
    # power-up: the key always comes back.
    later_erases = {w[0] for windows in power_ups for w in windows[1:]}
    late = {(op, m, r) for op, m, r in con.execute(
        "SELECT t.flash_op, t.cut_mode, k.reason FROM trials t JOIN checks k USING (plan_index) "
        "WHERE k.check_name = 'device_returns' AND k.passed = 0") if op in later}
    assert later_erases and not late, late
    # The conclusion says so, in plain words.
    m = re.search(r"\((\d+) left the key dead: no answer across further power cycles; (\d+) "
                  r"left it answering but reset: new device secret, so SSH keys are refused; "
                  r"(\d+) passed\)", stdout)
    assert m, stdout
    (passed,), = con.execute("SELECT count(*) FROM trials WHERE verdict = 'pass'")
    assert int(m.group(1)) == len(dead) and int(m.group(3)) == passed, stdout
    reason = con.execute("SELECT reason FROM checks WHERE check_name = 'device_returns' AND "
                         "reason LIKE 'the key is dead%' LIMIT 1").fetchone()[0]
    assert "recover_from_journal" in reason and "16..4112" in reason, reason


def test_nk3am_131_damage_that_still_mounts_is_not_repaired(runs):
    con = db(runs["nk3am-1.3.1"][0])
    answered = {(op, m) for op, m in con.execute(
        "SELECT flash_op, cut_mode FROM trials") } - failing(con, "device_returns")
    lost = failing(con, "credentials_survive") & answered
    # The key answers, yet an acknowledged credential is gone: the journal was not consulted
    # (the filesystem mounted) and was wiped at that boot.
    assert lost
    assert failing(con, "no_self_reset") & answered


def test_nk3am_122_formats_itself_and_refuses_the_ssh_key(runs):
    run_dir, stdout = runs["nk3am-1.2.2"]
    con = db(run_dir)
    answered = {(op, m) for op, m in con.execute("SELECT flash_op, cut_mode FROM trials")} - \
        failing(con, "device_returns")
    # The key answers, with a new device secret (it formatted itself): the SSH credential is
    # refused, and the format took the attestation too.
    formatted = failing(con, "no_self_reset") & answered
    assert formatted
    reasons = [r for (r,) in con.execute(
        "SELECT reason FROM checks WHERE check_name = 'credentials_survive' AND passed = 0")]
    assert any("ssh" in r for r in reasons), reasons[:3]
    assert failing(con, "attestation_present") & answered
    # A key that dies instead panics on a missing certificate next to its attestation key
    # (fido-authenticator 0.1.1 reads fido/x5c/00 whenever fido/sec/00 exists).
    for (reason,) in con.execute("SELECT reason FROM checks WHERE check_name = "
                                 "'device_returns' AND passed = 0"):
        assert "fido/x5c/00" in reason, reason


def test_nk3xn_131_survives_every_cut(runs):
    run_dir, stdout = runs["nk3xn-1.3.1"]
    con = db(run_dir)
    assert con.execute("SELECT count(*) FROM trials WHERE verdict != 'pass'").fetchone() == (0,)
    assert "no check failed" in stdout
