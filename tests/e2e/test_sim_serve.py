"""End-to-end: `nk3rig sim serve` as a process: start-up, the control protocol, the state
directory, shutdown, and its command-line errors. The CTAP tests are in test_sim_ctap2.py."""

import os
import random
import signal
import socket

import pytest

from simkey import START_LINE, SimServe, UdpCtapHidConnection



def same_certificate(pem_a, pem_b):
    from cryptography import x509
    a, b = (x509.load_pem_x509_certificate(p.encode()) for p in (pem_a, pem_b))
    return a.tbs_certificate_bytes == b.tbs_certificate_bytes


def test_start_line_names_profile_ports_and_state(sim, tmp_path):
    m = START_LINE.match(sim.start_line)
    assert m["profile"] == "nk3am-1.3.1"
    assert m["state"] == f"{tmp_path / 'state'} (new key)"
    assert sim.ctaphid[1] != 0 and sim.control_address[1] != 0
    assert sim.ctaphid != sim.control_address


def test_status_describes_a_powered_fresh_key(sim, tmp_path):
    s = sim.ok("status")
    assert s["command"] == "status"
    assert s["profile"] == "nk3am-1.3.1"
    assert s["powered"] is True and s["halted"] is False
    assert s["armed_cut"] is None and s["last_cut"] is None
    assert s["last_boot"]["halted"] is False
    assert s["admin_status"]["variant"] is None  # firmware 1.3.1: 4 bytes, no variant byte
    assert s["admin_status"]["bytes"] == 4
    assert s["admin_status"]["init_flags"] & 0x02 == 0  # no internal flash error
    assert s["state_dir"] == str(tmp_path / "state")
    assert isinstance(s["flash_op_index"], int) and s["sim_time_ms"] >= 0
    assert s["button"] == "press-after:200ms"


def test_power_off_and_on(sim):
    off = sim.ok("off")
    assert off["powered"] is False and off["admin_status"] is None
    assert sim.ok("status")["powered"] is False
    on = sim.ok("on")
    assert on["powered"] is True and on["last_boot"]["internal_mounted"] is True
    cycled = sim.ok("cycle 500ms")
    assert cycled["powered"] is True
    assert cycled["sim_time_ms"] >= on["sim_time_ms"] + 500


def test_unpowered_key_does_not_answer(sim):
    sim.ok("off")
    conn = UdpCtapHidConnection(sim.ctaphid, timeout=1)
    try:
        conn.write_packet(bytes.fromhex("ffffffff86000801020304050607") + bytes(50))  # INIT
        with pytest.raises(socket.timeout):
            conn.read_packet()
    finally:
        conn.close()
    sim.ok("on")
    dev = sim.device()
    assert dev.ping(b"back") == b"back"


def test_cut_after_arms_a_cut_ahead(sim):
    before = sim.ok("status")["flash_op_index"]
    armed = sim.ok("cut-after 5 torn")
    assert armed["armed_cut"] == {"op_index": before + 5, "ops_from_now": 5, "mode": "torn"}
    assert sim.ok("disarm")["armed_cut"] is None
    for mode in ("before", "after"):
        assert sim.ok(f"cut-after 0 {mode}")["armed_cut"]["mode"] == mode


def test_button_command(sim):
    assert sim.ok("button hold")["button"] == "hold:30s"
    assert sim.ok("button refuse:1s")["button"] == "refuse:1s"
    assert sim.ok("button press-after 50ms")["button"] == "press-after:50ms"


@pytest.mark.parametrize("command, words", [
    ("", "empty"),
    ("frobnicate", "unknown command 'frobnicate'"),
    ("status now", "no argument"),
    ("cut-after", "usage: cut-after"),
    ("cut-after ten torn", "count of flash operations"),
    ("cut-after -1 torn", "count of flash operations"),
    ("cut-after 99999999999999999999999 torn", "count of flash operations"),
    ("cut-after 18446744073709551615 torn", "too far ahead"),
    ("cut-after 3 sideways", "before, torn or after"),
    ("cycle forever", "bad off time"),
    ("cycle -5ms", "bad off time"),
    ("cycle 1 2", "usage: cycle"),
    ("button squeeze", "press-after"),
    ("button hold:soon", "press-after"),
    ("x" * 600, "too long"),
])
def test_control_errors_answer_ok_false(sim, command, words):
    answer = sim.control(command)
    assert answer["ok"] is False, answer
    assert words in answer["error"], answer
    assert sim.ok("status")["counters"]["control_errors"] >= 1


def test_control_survives_hostile_datagrams(sim):
    for payload in (b"\x00", b"\xff\xfe\xfd", b"status\x00", os.urandom(300), b"\n\n\n",
                    b"cut-after 1 torn\xc3"):
        answer = sim.control_raw(payload)
        assert answer["ok"] is False, (payload, answer)
    assert sim.ok("help")["usage"].startswith("status")
    assert sim.ok("status")["powered"] is True


def test_reports_of_the_wrong_size_are_counted_and_ignored(sim):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for size in (0, 1, 63, 65, 1000):
        sock.sendto(b"\xff" * size, sim.ctaphid)
    sock.close()
    dev = sim.device()  # the status below also proves the server handled them all
    assert dev.ping(b"still here") == b"still here"
    assert sim.ok("status")["counters"]["rejected_datagrams"] == 5


def test_server_survives_random_reports(sim):
    rng = random.Random(1234)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setblocking(False)
    cids = [b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\x00\x00\x00\x01",
            b"\x00\x00\x00\x02"]
    for i in range(3000):
        report = bytearray(rng.randbytes(64))
        if i % 2:  # half of them look like CTAPHID initialisation packets on likely channels
            report[0:4] = rng.choice(cids)
            report[4] = 0x80 | rng.choice([0x01, 0x03, 0x04, 0x06, 0x08, 0x10, 0x11, 0x3B,
                                           0x3F, 0x51, 0x53, 0x61, 0x62, 0x72,
                                           rng.randrange(0x80)])
            report[5], report[6] = 0, rng.randrange(80)
        sock.sendto(bytes(report), sim.ctaphid)
        try:
            while sock.recv(4096):
                pass
        except BlockingIOError:
            pass
    sock.close()
    assert sim.ok("status")["counters"]["reports_in"] > 0  # the server still answers
    sim.ok("cycle")  # whatever transaction the noise left open is gone with the power
    dev = sim.device()
    assert dev.ping(b"still here") == b"still here"


def test_ctaphid_init_and_ping_over_udp(sim):
    dev = sim.device()
    assert dev.version == 2
    assert dev.capabilities & 0x04  # CBOR
    payload = bytes(range(256)) * 4  # several continuation packets
    assert dev.ping(payload) == payload
    dev.wink()
    s = sim.ok("status")
    assert s["counters"]["reports_in"] > 0 and s["counters"]["reports_out"] > 0
    assert s["host"].startswith("127.0.0.1:")


def test_two_clients_take_turns(sim):
    first, second = sim.device(), sim.device()
    assert first.ping(b"one") == b"one"
    assert second.ping(b"two") == b"two"  # replies follow the last sender
    assert first.ping(b"three") == b"three"


def test_state_dir_keeps_images_and_ca(sim, tmp_path, ca_pem):
    state = tmp_path / "state"
    assert (state / "internal.img").stat().st_size > 0
    assert (state / "external.img").stat().st_size > 0
    # The same CA (key and name) as `nk3rig sim ca`; the ECDSA signature bytes differ per
    # process (x509_attestation.hpp), so compare everything but those.
    assert same_certificate((state / "ca.pem").read_text(), ca_pem)
    assert sim.ok("save")["counters"]["state_saves"] >= 1


def test_restart_loads_the_saved_key(serve, tmp_path):
    state = tmp_path / "state"
    first = serve(state=state)
    first.restart()
    assert first.start_line.endswith(f"state {state} (loaded)")
    s = first.ok("status")
    assert s["powered"] is True and s["last_boot"]["internal_mounted"] is True
    assert s["last_boot"]["internal_formatted"] is False


def test_sigint_and_sigterm_stop_cleanly_and_save(nk3rig, tmp_path):
    for sig in (signal.SIGINT, signal.SIGTERM):
        server = SimServe(nk3rig, state=tmp_path / "state", log_dir=str(tmp_path)).start()
        server.ok("status")
        rc, out = server.stop(sig)
        assert rc == 0, server.stderr()
        assert "state saved to" in out
    assert (tmp_path / "state" / "internal.img").exists()


def test_save_without_state_dir_is_an_error(serve):
    server = serve(state=None)
    assert "state none" in server.start_line
    answer = server.control("save")
    assert answer["ok"] is False and "--state" in answer["error"]


def test_sim_ca_prints_the_project_ca(run, tmp_path, ca_pem):
    from cryptography import x509
    cert = x509.load_pem_x509_certificate(ca_pem.encode())
    assert "nk3rig Test CA" in cert.subject.rfc4514_string()
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    out = tmp_path / "ca.pem"
    assert run("sim", "ca", "-o", out).returncode == 0
    assert same_certificate(out.read_text(), ca_pem)
    assert run("sim", "ca", "-o", tmp_path / "missing" / "ca.pem").returncode == 2


@pytest.mark.parametrize("args, words", [
    (["--profile", "no-such-profile"], "no-such-profile"),
    (["--profile", "nk3am-1.3.1", "--udp", "127.0.0.1"], "--udp"),
    (["--profile", "nk3am-1.3.1", "--udp", "example.org:1"], "not an IP address"),
    (["--profile", "nk3am-1.3.1", "--control", "127.0.0.1:70000"], "--control"),
    (["--profile", "nk3am-1.3.1", "--button", "squeeze"], "--button"),
    (["--profile", "nk3am-1.3.1", "--seed", "many"], "--seed"),
    (["--udp", "127.0.0.1:0"], "--profile"),
])
def test_bad_arguments_exit_2(run, args, words):
    proc = run("sim", "serve", *args)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert words in proc.stderr


def test_bad_profile_file_names_file_line_and_column(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nmodel: [unclosed\n")
    proc = run("sim", "serve", "--profile", bad, "--udp", "127.0.0.1:0", "--control",
               "127.0.0.1:0")
    assert proc.returncode == 2, proc.stderr
    assert f"{bad}:" in proc.stderr


def test_bad_state_dirs_exit_2(run, tmp_path):
    base = ["sim", "serve", "--profile", "nk3am-1.3.1", "--udp", "127.0.0.1:0", "--control",
            "127.0.0.1:0", "--state"]
    a_file = tmp_path / "file"
    a_file.write_text("not a directory")
    proc = run(*base, a_file)
    assert proc.returncode == 2 and "not a directory" in proc.stderr

    half = tmp_path / "half"
    half.mkdir()
    (half / "internal.img").write_bytes(b"\xff" * 100)
    proc = run(*base, half)
    assert proc.returncode == 2 and "external.img" in proc.stderr

    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "internal.img").write_bytes(b"garbage")
    (garbage / "external.img").write_bytes(b"garbage")
    proc = run(*base, garbage)
    assert proc.returncode == 2 and "bad flash image" in proc.stderr

    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0)
        try:
            proc = run(*base, locked)
            assert proc.returncode == 2 and str(locked) in proc.stderr
        finally:
            locked.chmod(0o755)


def test_port_in_use_exits_3(sim, run):
    port = sim.ctaphid[1]
    proc = run("sim", "serve", "--profile", "nk3am-1.3.1", "--udp", f"127.0.0.1:{port}",
               "--control", "127.0.0.1:0")
    assert proc.returncode == 3, proc.stderr
    assert f"127.0.0.1:{port}" in proc.stderr


def test_help_lists_sim_serve(run):
    assert "sim" in run("--help").stdout
    proc = run("sim", "serve", "--help")
    assert proc.returncode == 0
    for option in ("--profile", "--udp", "--control", "--state", "--seed", "--button"):
        assert option in proc.stdout
