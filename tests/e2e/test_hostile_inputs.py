"""Hostile inputs to the command line (issue 16, "Inputs"): every one ends in exit status 2 with
a message naming the file and line (or the argument), under a memory limit and a timeout, never
a crash, a hang or an unbounded allocation. No timings are asserted: the timeout only fails a
test that hangs."""
import os
import pathlib
import resource
import signal
import sqlite3
import stat
import subprocess
import time

import pytest

DATA = pathlib.Path(__file__).resolve().parent / "data"
SMALL = DATA / "run-small.yaml"
MEMORY_LIMIT = 1 << 30  # 1 GiB of address space: the old failures went past it
TIMEOUT = 120

pytestmark = pytest.mark.usefixtures("renderer")  # reports by the fake (conftest.py)


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.fixture
def bounded(nk3rig):
    """Runs nk3rig under RLIMIT_AS and a timeout; returns the CompletedProcess."""
    def _run(*args):
        return subprocess.run([str(nk3rig), *map(str, args)], capture_output=True, text=True,
                              timeout=TIMEOUT, preexec_fn=_limit_memory)
    return _run


def alias_chain(n):
    text = "name: t\nabout: alias chain\ntarget: sim:nk3am-1.3.1\nsetup: []\nchain:\n"
    text += "  - &a0 {reset: {}}\n"
    for i in range(1, n):
        text += f"  - &a{i} {{repeat: 1, do: [*a{i - 1}]}}\n"
    return text + f"operation: [*a{n - 1}]\n"


YAML_CASES = {
    "leading-comma": (",", 1, 'unexpected ","'),
    "comma-after-blank-lines": ("\n\n  ,name: x\n", 3, 'unexpected ","'),
    "self-alias": ("name: t\noperation: &op [{repeat: 1, do: *op}]\n", 2, "cycle"),
    "alias-chain": (alias_chain(4000), None, "nested more than 64 levels"),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_hostile_scenario_yaml_exits_2_with_file_and_line(bounded, tmp_path, case):
    text, line, message = YAML_CASES[case]
    f = tmp_path / "s.yaml"
    f.write_text(text)
    p = bounded("run", f, "--out", tmp_path / "out")
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    prefix = f"{f}:{line}:" if line else f"{f}:"
    assert prefix in p.stderr and message in p.stderr, p.stderr


def test_alias_chain_points_into_the_chain(bounded, tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(alias_chain(8000))
    p = bounded("run", f, "--out", tmp_path / "out")
    assert p.returncode == 2, p.stderr[-2000:]
    line = int(p.stderr.split(f"{f}:")[1].split(":")[0])
    assert 6 < line < 8006


def test_duplicate_key_among_100000_exits_2_naming_both_lines(bounded, tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("".join(f"k{i}: 1\n" for i in range(100000)) + "k5: 2\n")
    p = bounded("run", f, "--out", tmp_path / "out")
    assert p.returncode == 2, p.stderr[-2000:]
    assert f"{f}:100001:1: k5: duplicate key (first given at line 6)" in p.stderr


@pytest.mark.parametrize("where", ["profile", "suite", "bench", "sim-serve-profile"])
def test_leading_comma_in_every_yaml_reader(bounded, tmp_path, where):
    f = tmp_path / "bad.yaml"
    f.write_text(",\n")
    if where == "profile":
        p = bounded("run", SMALL, "--target", f"sim:{f}", "--out", tmp_path / "out")
    elif where == "suite":
        suite = tmp_path / "suite.yaml"
        suite.write_text(f"name: s\nabout: a suite\ninclude: [{f.name}]\n")
        p = bounded("run", suite, "--out", tmp_path / "out")
    elif where == "bench":
        p = bounded("bench", "check", f)
    else:
        p = bounded("sim", "serve", "--profile", f, "--udp", "127.0.0.1:0",
                    "--control", "127.0.0.1:0")
    assert p.returncode == 2, (p.returncode, p.stderr[-2000:])
    assert f"{f}:1:1:" in p.stderr and 'unexpected ","' in p.stderr, p.stderr


def test_bench_chip_beyond_2_64_exits_2_naming_the_field(bounded, tmp_path):
    bench = tmp_path / "b.yaml"
    bench.write_text("power:\n  type: gpiod\n  chip: 99999999999999999999999\n  line: 17\n")
    p = bounded("bench", "check", bench)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert f"{bench}:3:9: power.chip: out of range" in p.stderr
    assert "internal error" not in p.stderr


@pytest.mark.parametrize("value", ["-1", "18446744073709551616", " 5", "5 ", "", "0x10", "+5"])
def test_seed_must_be_a_plain_integer(bounded, tmp_path, value):
    p = bounded("run", SMALL, "--seed", value, "--out", tmp_path / "out")
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "--seed" in p.stderr
    assert not (tmp_path / "out").exists()


def test_seed_at_the_top_of_the_range_is_taken(bounded, tmp_path):
    p = bounded("run", SMALL, "--seed", "18446744073709551615", "--out", tmp_path / "out")
    assert p.returncode in (0, 1), p.stderr


@pytest.mark.parametrize("value", ["", " 0", "0 ", "-1", "1e3"])
def test_replay_trial_must_be_a_plain_integer(bounded, tmp_path, value):
    p = bounded("replay", tmp_path, value)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "trial" in p.stderr and "integer" in p.stderr


def test_empty_out_is_refused(bounded, tmp_path):
    p = bounded("run", SMALL, "--out", "")
    assert p.returncode == 2, p.stderr
    assert "--out" in p.stderr and "empty" in p.stderr


@pytest.mark.parametrize("kind", ["file", "fifo", "dangling-link", "under-a-file"])
def test_out_that_cannot_be_a_directory_exits_2(bounded, tmp_path, kind):
    out = tmp_path / "out"
    if kind == "file":
        out.write_text("x")
    elif kind == "fifo":
        os.mkfifo(out)
    elif kind == "dangling-link":
        out.symlink_to(tmp_path / "nowhere")
    else:
        (tmp_path / "f").write_text("x")
        out = tmp_path / "f" / "run"
    p = bounded("run", SMALL, "--out", out)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert f"--out {out}" in p.stderr and "not a directory" in p.stderr


def test_state_image_that_is_a_directory_exits_2(bounded, tmp_path):
    state = tmp_path / "state"
    (state / "internal.img").mkdir(parents=True)
    (state / "external.img").write_bytes(b"")
    p = bounded("sim", "serve", "--profile", "nk3am-1.3.1", "--state", state,
                "--udp", "127.0.0.1:0", "--control", "127.0.0.1:0")
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "internal.img" in p.stderr and "not a regular file" in p.stderr


@pytest.fixture(scope="module")
def small_run(nk3rig, tmp_path_factory):
    out = tmp_path_factory.mktemp("small") / "run"
    p = subprocess.run([str(nk3rig), "run", SMALL, "--out", out, "--no-report"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode in (0, 1), p.stderr
    return out


def copy_run(src, dst):
    dst.mkdir()
    for f in src.iterdir():
        if f.is_file():
            (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_corrupted_results_exit_2_in_replay(bounded, small_run, tmp_path):
    run = copy_run(small_run, tmp_path / "run")
    db = run / "results.sqlite"
    data = bytearray(db.read_bytes())
    data[100:len(data)] = b"\xa5" * (len(data) - 100)
    db.write_bytes(bytes(data))
    p = bounded("replay", run, "0")
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert str(run) in p.stderr and "internal error" not in p.stderr


TAMPERING = {
    "verdict": "UPDATE trials SET verdict = 'maybe' WHERE plan_index = 1",
    "pass-with-failed-check": "UPDATE checks SET passed = 0, reason = 'x' WHERE plan_index = "
                              "(SELECT min(plan_index) FROM trials WHERE verdict = 'pass')",
    "index-beyond-plan": "UPDATE trials SET plan_index = 1000000 WHERE plan_index = 3",
    "negative-time": "UPDATE trials SET recovery_ns = -5 WHERE plan_index = 4",
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
@pytest.mark.parametrize("command", ["resume", "report", "compare", "replay"])
def test_tampered_rows_are_refused(bounded, small_run, tmp_path, case, command):
    run = copy_run(small_run, tmp_path / "run")
    con = sqlite3.connect(run / "results.sqlite")
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute(TAMPERING[case])
    con.commit()
    con.close()
    if command == "resume":
        p = bounded("run", SMALL, "--out", run, "--resume", "--no-report")
    elif command == "report":
        p = bounded("report", run)
    elif command == "compare":
        p = bounded("compare", small_run, run)
    else:
        p = bounded("replay", run, "0")
    assert p.returncode == 2, (p.returncode, p.stdout[-1000:], p.stderr[-2000:])
    assert f"{run}/results.sqlite: trial" in p.stderr
    assert "changed outside nk3rig" in p.stderr


@pytest.mark.parametrize("kind", ["device", "fifo", "directory", "symlink"])
def test_report_output_must_be_a_regular_file(bounded, small_run, tmp_path, kind):
    if kind == "device":
        target = pathlib.Path("/dev/null")
    elif kind == "fifo":
        target = tmp_path / "fifo"
        os.mkfifo(target)
    elif kind == "directory":
        target = tmp_path / "d"
        target.mkdir()
    else:
        (tmp_path / "real.html").write_text("keep me")
        target = tmp_path / "link.html"
        target.symlink_to(tmp_path / "real.html")
    before = os.lstat(target)
    p = bounded("report", small_run, "-o", target)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert f"-o {target}" in p.stderr
    after = os.lstat(target)
    assert (before.st_mode, before.st_ino) == (after.st_mode, after.st_ino)


def test_report_output_to_a_new_file_is_written(bounded, small_run, tmp_path):
    p = bounded("report", small_run, "-o", tmp_path / "r.html")
    assert p.returncode == 0, p.stderr


def test_resume_while_the_run_is_writing_is_refused(nk3rig, bounded, tmp_path):
    out = tmp_path / "r"
    seed_incident = pathlib.Path(__file__).resolve().parents[2] / "scenarios/seed-incident.yaml"
    first = subprocess.Popen([str(nk3rig), "run", seed_incident, "--out", out, "--no-report"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + TIMEOUT
        while time.time() < deadline and first.poll() is None and \
                not (out / "results.sqlite").exists():
            time.sleep(0.02)
        if first.poll() is not None:
            pytest.skip("the run ended before a second one could start")
        second = bounded("run", seed_incident, "--out", out, "--resume", "--no-report")
        if first.poll() is not None and second.returncode != 2:
            pytest.skip("the run ended while the second one started")
        assert second.returncode == 2, second.stderr
        assert "being written by another nk3rig process" in second.stderr
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=TIMEOUT)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_a_run_like_sigint(nk3rig, run, tmp_path, sig):
    out = tmp_path / "r"
    seed_incident = pathlib.Path(__file__).resolve().parents[2] / "scenarios/seed-incident.yaml"
    proc = subprocess.Popen([str(nk3rig), "run", seed_incident, "--out", out, "--no-report"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    from runkit import recorded
    deadline = time.time() + TIMEOUT
    while time.time() < deadline and proc.poll() is None and recorded(out) == 0:
        time.sleep(0.02)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=TIMEOUT)
    if proc.returncode in (0, 1):
        pytest.skip("the run finished before the signal arrived")
    assert proc.returncode == 130, stdout + stderr
    assert "--resume" in stdout
    assert (out / "trials.csv").exists()
    resumed = run("run", seed_incident, "--out", out, "--resume", "--no-report")
    assert resumed.returncode in (0, 1), resumed.stderr


def test_run_directory_is_owner_only(small_run):
    assert stat.S_IMODE(os.stat(small_run).st_mode) == 0o700
    for f in small_run.iterdir():
        if f.is_file():
            assert stat.S_IMODE(os.stat(f).st_mode) & 0o077 == 0, f


def test_control_port_on_every_interface_warns(nk3rig, tmp_path):
    proc = subprocess.Popen([str(nk3rig), "sim", "serve", "--profile", "nk3am-1.3.1",
                             "--udp", "127.0.0.1:0", "--control", "0.0.0.0:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        assert first.startswith("nk3rig sim serve: profile"), first
    finally:
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, stderr
    assert "WARNING" in stderr and "0.0.0.0:0" in stderr and "power switch" in stderr


def test_sim_serve_state_directory_is_owner_only(serve, tmp_path):
    server = serve(state=tmp_path / "state")
    server.stop()
    state = tmp_path / "state"
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o700
    for f in state.iterdir():
        if f.is_file():
            assert stat.S_IMODE(os.stat(f).st_mode) & 0o077 == 0, f


@pytest.mark.parametrize("command", ["run", "bench", "profile"])
def test_endless_input_file_is_refused_in_bounded_memory(bounded, tmp_path, command):
    args = {"run": ("run", "/dev/zero", "--out", tmp_path / "out"),
            "bench": ("bench", "check", "/dev/zero"),
            "profile": ("sim", "serve", "--profile", "/dev/zero")}[command]
    p = bounded(*args)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "/dev/zero: longer than" in p.stderr
