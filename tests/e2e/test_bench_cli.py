"""End-to-end: `nk3rig devices` and `nk3rig bench check` on this host.

A build machine has no bench hardware (no GPIO chip, no switchable hub, no analyzer, no key), so
bench checks must fail cleanly with exit status 3 and say what they could not find; bad bench
files exit 2 naming file:line:column and field. A bench whose probe is sigrok's built-in demo
driver opens that probe for real."""

import glob
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "hardware").glob("*.yaml"))
NO_GPIO = not glob.glob("/dev/gpiochip*")
NO_USB = not pathlib.Path("/dev/bus/usb").exists()
NO_HIDRAW = not glob.glob("/dev/hidraw*")


def test_devices_lists_keys_or_says_none(run):
    proc = run("devices")
    assert proc.returncode == 0, proc.stderr
    if NO_HIDRAW:
        assert proc.stdout.startswith("no FIDO devices found"), proc.stdout
    else:
        assert ("no FIDO devices found" in proc.stdout
                or re.search(r"^path\s+vid:pid\s+manufacturer\s+product", proc.stdout, re.M))


def test_examples_are_shipped():
    names = {p.name for p in EXAMPLES}
    assert {"gpio-vbus-nk3.yaml", "usbhub-nk3.yaml"} <= names
    assert (ROOT / "hardware/99-nk3rig.rules").is_file()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_bench_check_fails_cleanly_without_the_hardware(run, example):
    if not (NO_GPIO and NO_USB and NO_HIDRAW):
        pytest.skip("this host has GPIO chips, USB or hidraw devices: the outcome depends on them")
    proc = run("bench", "check", example)
    assert proc.returncode == 3, (proc.stdout, proc.stderr)
    out = proc.stdout
    assert re.search(r"^open power switch\s+FAILED\s+\S", out, re.M), out
    assert re.search(r"^find the key\s+FAILED\s+no FIDO device found: first FIDO device with "
                     r"VID:PID 20a0:42b2", out, re.M), out
    assert re.search(r"^key enumerates again\s+skipped", out, re.M), out
    assert "this bench cannot run campaigns as it is" in out
    if "gpio" in example.name:
        assert 'GPIO chip "gpiochip0" not found: this host has no /dev/gpiochip*' in out
        assert "driver fx2lafw found no device" in out
    else:
        assert "USB hub 1-1 not found" in out
        assert "nothing proves that VBUS really drops" in out


def test_bench_with_the_sigrok_demo_probe_opens_it(run, tmp_path):
    bench = tmp_path / "demo-probe.yaml"
    bench.write_text("power: {type: gpiod, chip: nk3rig-no-such-chip, line: 1}\n"
                     "probe:\n  type: sigrok\n  driver: demo\n  channels: {D0: vbus}\n")
    proc = run("bench", "check", bench)
    assert proc.returncode == 3, (proc.stdout, proc.stderr)
    assert re.search(r"^open probe\s+ok\s+sigrok demo at 1000000 Hz, D0=vbus", proc.stdout, re.M)
    assert 'GPIO chip "nk3rig-no-such-chip" not found' in proc.stdout


def test_bad_bench_file_exits_2_naming_line_column_and_field(run, tmp_path):
    bench = tmp_path / "bad.yaml"
    bench.write_text("power:\n  type: gpiod\n  chip: gpiochip0\n  line: 17\n  colour: red\n")
    proc = run("bench", "check", bench)
    assert proc.returncode == 2
    assert f"{bench}:5:3: power.colour: unknown field" in proc.stderr

    bench.write_text("power: {type: usbhub, hub: 1-1, port: 0}\n")
    proc = run("bench", "check", bench)
    assert proc.returncode == 2
    assert f"{bench}:1:" in proc.stderr and "power.port: out of range" in proc.stderr

    proc = run("bench", "check", tmp_path / "missing.yaml")
    assert proc.returncode == 2
    assert "cannot read the bench file" in proc.stderr


def test_bench_check_needs_a_file(run):
    assert run("bench", "check").returncode == 2
