"""Helpers for the `nk3rig sim serve` end-to-end tests: the server as a subprocess, its control
port, and a python-fido2 CTAPHID connection over UDP (one 64-byte HID report per datagram).

python-fido2 (Debian's python3-fido2 0.9.1) is the independent client: nothing here knows the
simulator's internals, only the wire protocol a real FIDO client uses.
"""

import json
import os
import re
import select
import signal
import socket
import subprocess

from fido2.hid import CtapHidDevice
from fido2.hid.base import CtapHidConnection, HidDescriptor

REPORT_SIZE = 64
START_LINE = re.compile(
    r"^nk3rig sim serve: profile (?P<profile>\S+), ctaphid udp (?P<udp_host>[\d.]+):(?P<udp_port>\d+), "
    r"control udp (?P<control_host>[\d.]+):(?P<control_port>\d+), state (?P<state>.*)$")
# Generous: the server starts in well under a second, but CI machines are shared.
START_TIMEOUT = 60
REPLY_TIMEOUT = 30


class UdpCtapHidConnection(CtapHidConnection):
    """fido2.hid.base.CtapHidConnection over UDP: each report is one datagram."""

    def __init__(self, address, timeout=REPLY_TIMEOUT):
        self.address = address
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.settimeout(timeout)
        self.sock.connect(address)

    def write_packet(self, data):
        data = bytes(data)
        if len(data) != REPORT_SIZE:
            raise ValueError(f"a CTAPHID report is {REPORT_SIZE} bytes, got {len(data)}")
        self.sock.send(data)

    def read_packet(self):
        data = self.sock.recv(4096)
        if len(data) != REPORT_SIZE:
            raise OSError(f"the key sent a {len(data)}-byte datagram, not a report")
        return data

    def close(self):
        self.sock.close()


def open_device(address):
    """A python-fido2 CtapHidDevice on the simulated key at `address` (host, port)."""
    descriptor = HidDescriptor(f"udp:{address[0]}:{address[1]}", 0x20A0, 0x42B2, REPORT_SIZE,
                               REPORT_SIZE)
    return CtapHidDevice(descriptor, UdpCtapHidConnection(address))


class SimServe:
    """One `nk3rig sim serve` process with ephemeral ports."""

    def __init__(self, nk3rig, state=None, profile="nk3am-1.3.1", extra=(), log_dir=None):
        self.nk3rig = nk3rig
        self.state = state
        self.profile = profile
        self.extra = list(extra)
        self.log_dir = log_dir
        self.proc = None
        self.start_line = None
        self.ctaphid = None
        self.control_address = None
        self._ctl = None
        self._devices = []

    def args(self):
        args = [str(self.nk3rig), "sim", "serve", "--profile", self.profile,
                "--udp", "127.0.0.1:0", "--control", "127.0.0.1:0"]
        if self.state is not None:
            args += ["--state", str(self.state)]
        return args + [str(a) for a in self.extra]

    def start(self):
        stderr = open(os.path.join(self.log_dir, "serve.stderr"), "ab") if self.log_dir else None
        self.proc = subprocess.Popen(self.args(), stdout=subprocess.PIPE,
                                     stderr=stderr or subprocess.DEVNULL, text=True)
        if stderr:
            stderr.close()
        ready, _, _ = select.select([self.proc.stdout], [], [], START_TIMEOUT)
        line = self.proc.stdout.readline().rstrip("\n") if ready else ""
        m = START_LINE.match(line)
        if not m:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"sim serve did not start (exit {self.proc.returncode}): "
                                 f"{line!r}\n{self.stderr()}")
        self.start_line = line
        self.ctaphid = (m["udp_host"], int(m["udp_port"]))
        self.control_address = (m["control_host"], int(m["control_port"]))
        return self

    def stderr(self):
        if not self.log_dir:
            return ""
        try:
            with open(os.path.join(self.log_dir, "serve.stderr")) as f:
                return f.read()
        except OSError:
            return ""

    def control_raw(self, payload):
        """Sends one datagram to the control port; the decoded JSON answer."""
        if self._ctl is None:
            self._ctl = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self._ctl.settimeout(REPLY_TIMEOUT)
            self._ctl.connect(self.control_address)
        self._ctl.send(payload)
        answer = self._ctl.recv(65536).decode()
        assert answer.endswith("\n") and answer.count("\n") == 1, answer
        return json.loads(answer)

    def control(self, command):
        return self.control_raw(command.encode())

    def ok(self, command):
        answer = self.control(command)
        assert answer["ok"] is True, answer
        return answer

    def device(self):
        dev = open_device(self.ctaphid)
        self._devices.append(dev)
        return dev

    def stop(self, sig=signal.SIGTERM):
        """Stops the server with `sig`; its exit status and remaining stdout."""
        for dev in self._devices:
            dev.close()
        self._devices = []
        if self._ctl is not None:
            self._ctl.close()
            self._ctl = None
        if self.proc is None:
            return None, ""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            out, _ = self.proc.communicate(timeout=START_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        rc = self.proc.returncode
        self.proc = None
        return rc, out

    def restart(self):
        rc, out = self.stop()
        assert rc == 0, (rc, out, self.stderr())
        return self.start()
