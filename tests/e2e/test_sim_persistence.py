"""End-to-end: what the simulated key keeps across power cycles (control port), server restarts
and crashes (--state DIR), and power cuts armed at a flash operation: credentials, signature
counter, PIN and attestation, seen through python-fido2 over UDP only."""

import signal
import socket
import struct
import time

import pytest
from fido2 import cbor
from fido2.ctap2 import Ctap2
from fido2.ctap2.base import args
from fido2.hid import CTAPHID
from fido2.ctap2.pin import ClientPin

from fidokit import (EDDSA, ES256, NK3AM_AAGUID, assert_with, client_data_hash, credential,
                     fresh_ctap, make_credential, verify_packed_attestation)
from simkey import SimServe

CM = ClientPin.PERMISSION.CREDENTIAL_MGMT


def enroll(ctap):
    """A non-resident EdDSA credential (the ssh key of the incident) and a resident ES256 one;
    returns {name: (rp, cred_id, public_key, last counter)}."""
    creds = {}
    for name, rp, alg, resident in (("ssh", "ssh:", EDDSA, False),
                                    ("web", "example.org", ES256, True)):
        att, _ = make_credential(ctap, rp, name="alice", alg=alg, resident=resident)
        cred_id, public_key = credential(att)
        counter = assert_with(ctap, rp, cred_id, public_key, up=False).auth_data.counter
        creds[name] = (rp, cred_id, public_key, counter)
    return creds


def check_survived(ctap, creds):
    """Every credential still signs, with a counter beyond the last one seen; the resident one
    is still discoverable."""
    for name, (rp, cred_id, public_key, counter) in creds.items():
        assertion = assert_with(ctap, rp, cred_id, public_key, up=False)
        assert assertion.auth_data.counter > counter, name
        creds[name] = (rp, cred_id, public_key, assertion.auth_data.counter)
    found = ctap.get_assertion("example.org", client_data_hash(), options={"up": False})
    assert found.credential["id"] == creds["web"][1]


def test_power_cycle_keeps_credentials_and_counter(sim):
    creds = enroll(Ctap2(sim.device()))
    for command in ("cycle", "cycle 100ms"):
        assert sim.ok(command)["powered"] is True
        check_survived(fresh_ctap(sim), creds)
    sim.ok("off")
    sim.ok("on")
    check_survived(fresh_ctap(sim), creds)


def test_restart_with_the_same_state_is_the_same_key(serve, tmp_path, ca_pem):
    server = serve(state=tmp_path / "state")
    ctap = Ctap2(server.device())
    creds = enroll(ctap)
    ClientPin(ctap).set_pin("123456")  # the protocol the key advertises
    server.restart()
    assert server.start_line.endswith("(loaded)")

    ctap = fresh_ctap(server)
    assert ctap.info.aaguid == NK3AM_AAGUID
    assert ctap.info.options["clientPin"] is True
    client_pin = ClientPin(ctap)
    assert client_pin.get_pin_retries()[0] == 8
    token = client_pin.get_pin_token("123456", CM)
    check_survived(ctap, creds)
    # With a PIN set, fido-authenticator 0.1.1 wants pinAuth for every makeCredential.
    att, cdh = make_credential(ctap, "after-restart.example", pin=(client_pin, token))
    verify_packed_attestation(att, cdh, ca_pem)


def test_a_crashed_server_loses_nothing_acknowledged(nk3rig, tmp_path):
    state = tmp_path / "state"
    server = SimServe(nk3rig, state=state, log_dir=str(tmp_path)).start()
    creds = enroll(Ctap2(server.device()))
    rc, _ = server.stop(signal.SIGKILL)  # no chance to save at exit
    assert rc == -signal.SIGKILL
    server = SimServe(nk3rig, state=state, log_dir=str(tmp_path)).start()
    try:
        check_survived(fresh_ctap(server), creds)
    finally:
        assert server.stop()[0] == 0


def test_restarted_key_does_not_repeat_its_random_choices(serve, tmp_path):
    server = serve(state=tmp_path / "state", extra=["--seed", "7"])
    Ctap2(server.device()).get_info()
    server.restart()
    first, _ = make_credential(fresh_ctap(server), "example.org")
    server.restart()
    second, _ = make_credential(fresh_ctap(server), "example.org")
    assert credential(first)[0] != credential(second)[0]


def send_request(dev, cmd, data):
    """Writes one CTAPHID request without waiting for its answer (CtapHidDevice.call's framing)."""
    header = struct.pack(">IBH", dev._channel_id, 0x80 | cmd, len(data))
    seq = 0
    while data or seq == 0:
        body, data = data[:64 - len(header)], data[64 - len(header):]
        dev._connection.write_packet((header + body).ljust(64, b"\0"))
        header = struct.pack(">IB", dev._channel_id, seq)
        seq += 1


def wait_for_cut(server, dev, deadline=30):
    """After a request was sent with a cut armed: True once the key lost power, False when the
    request was answered first (the cut is then disarmed)."""
    sock = dev._connection.sock
    sock.settimeout(0.05)
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if server.ok("status")["powered"] is False:
            return True
        try:
            packet = sock.recv(4096)
        except socket.timeout:
            continue
        if packet[4] == 0x80 | CTAPHID.CBOR:  # the answer (not a KEEPALIVE)
            server.ok("disarm")
            return False
    raise AssertionError("neither a cut nor an answer")


def test_cut_in_flight_request_goes_unanswered_and_key_recovers(sim):
    creds = enroll(Ctap2(sim.device()))
    rp, cred_id, _, _ = creds["ssh"]
    dev = sim.device()
    armed = sim.ok("cut-after 0 torn")
    assert armed["armed_cut"]["ops_from_now"] == 0
    send_request(dev, CTAPHID.CBOR, bytes([Ctap2.CMD.GET_ASSERTION]) + cbor.encode(
        args(rp, client_data_hash(), [{"type": "public-key", "id": cred_id}], None,
             {"up": False})))
    assert wait_for_cut(sim, dev), "the key answered although a cut was armed"
    s = sim.ok("status")
    assert s["last_cut"]["op_index"] == armed["armed_cut"]["op_index"]
    assert s["last_cut"]["mode"] == "torn"
    assert s["armed_cut"] is None and s["admin_status"] is None
    on = sim.ok("on")
    assert on["powered"] is True and on["halted"] is False
    check_survived(fresh_ctap(sim), creds)


@pytest.mark.parametrize("mode", ["before", "torn", "after"])
def test_cuts_at_each_flash_op_of_an_assertion(serve, tmp_path, mode):
    """A small flash sweep through the network path: cut a getAssertion at each of its flash
    operations; the credentials must survive and the counter must never go back. On the LPC55
    model, whose littlefs erases only the block it erases (no translation layer), littlefs's
    copy-on-write guarantees that; the NK3A mini's read-modify-write erase does not (its sweeps
    are the campaign tests' business)."""
    sim = serve(state=tmp_path / "state", profile="nk3xn-1.3.1")
    creds = enroll(Ctap2(sim.device()))
    rp, cred_id, public_key, _ = creds["ssh"]
    request = bytes([Ctap2.CMD.GET_ASSERTION]) + cbor.encode(
        args(rp, client_data_hash(), [{"type": "public-key", "id": cred_id}], None,
             {"up": False}))
    before = sim.ok("status")["flash_op_index"]
    assert_with(fresh_ctap(sim), rp, cred_id, public_key, up=False)
    ops = sim.ok("status")["flash_op_index"] - before
    assert ops > 0, "an assertion writes the signature counter"
    cuts = 0
    for n in range(ops):
        dev = sim.device()
        sim.ok(f"cut-after {n} {mode}")
        send_request(dev, CTAPHID.CBOR, request)
        if wait_for_cut(sim, dev):
            cuts += 1
            sim.ok("on")
        check_survived(fresh_ctap(sim), creds)
    assert cuts > 0


@pytest.mark.parametrize("profile", ["nk3am-1.2.2", "nk3am-1.3.1", "nk3xn-1.3.1"])
def test_each_shipped_profile_serves_a_working_key(serve, tmp_path, profile, ca_pem):
    server = serve(state=tmp_path / profile, profile=profile)
    assert f"profile {profile}," in server.start_line
    ctap = Ctap2(server.device())
    att, cdh = make_credential(ctap, "example.org", alg=EDDSA, resident=True)
    verify_packed_attestation(att, cdh, ca_pem)
    cred_id, public_key = credential(att)
    server.ok("cycle")
    assert_with(fresh_ctap(server), "example.org", cred_id, public_key, up=False)
    # Firmware before 1.4.0 sends a 4-byte admin status: no variant byte.
    status = server.ok("status")["admin_status"]
    assert status["variant"] is None and status["bytes"] == 4, status
